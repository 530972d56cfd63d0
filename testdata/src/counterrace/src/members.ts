// Lists in one key, kept by private helpers whose callers pass array
// literals: appending spreads the read list and the new ids, removing
// filters it. Both lose concurrent updates.
interface Member {
  id: string;
  team: string;
}

export class Teams {
  constructor(private kv: KVNamespace) {}

  async join(member: Member) {
    await this.kv.put(`member:${member.id}`, JSON.stringify(member));
    await this.addMembers(member.team, [member.id]);
  }

  async leave(member: Member) {
    await this.kv.delete(`member:${member.id}`);
    await this.removeMembers(member.team, [member.id]);
  }

  private teamKey(team: string): string {
    return `team:${team}`;
  }

  private async addMembers(team: string, ids: string[]) {
    const key = this.teamKey(team);
    const current = (await this.kv.get<string[]>(key, "json")) ?? [];
    await this.kv.put(key, JSON.stringify([...current, ...ids])); // want `put writes back a value computed from the get of the same key`
  }

  private async removeMembers(team: string, ids: string[]) {
    const key = this.teamKey(team);
    const current = (await this.kv.get<string[]>(key, "json")) ?? [];
    await this.kv.put(key, JSON.stringify(current.filter((id) => !ids.includes(id)))); // want `put writes back a value computed from the get of the same key`
  }

  // Must not fire: the list is rebuilt from the read and constants only
  // (a reshaping that adds nothing a concurrent request could lose).
  async normalize(team: string) {
    const key = this.teamKey(team);
    const current = (await this.kv.get<string[]>(key, "json")) ?? [];
    await this.kv.put(key, JSON.stringify([...current]));
  }
}
