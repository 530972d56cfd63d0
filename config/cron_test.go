package config_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/kvlint/kvlint/config"
)

func write(t *testing.T, name, src string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCronsTOML(t *testing.T) {
	w := load(t, write(t, "wrangler.toml", `name = "status"

[triggers]
crons = ["* * * * *", "0 3 * * *"]

[env.staging.triggers]
crons = [
  "*/30 * * * *",
]
`))
	if got, want := w.Top.Crons, []config.Cron{{Expr: "* * * * *", Line: 4, Col: 10}, {Expr: "0 3 * * *", Line: 4, Col: 23}}; !reflect.DeepEqual(got, want) {
		t.Errorf("top crons = %+v, want %+v", got, want)
	}
	if got, want := env(t, w, "staging").Crons, []config.Cron{{Expr: "*/30 * * * *", Line: 8, Col: 3}}; !reflect.DeepEqual(got, want) {
		t.Errorf("staging crons = %+v, want %+v", got, want)
	}
}

func TestCronsJSONC(t *testing.T) {
	w := load(t, write(t, "wrangler.jsonc", `{
  // every five minutes
  "triggers": { "crons": ["*/5 * * * *"] },
  "env": { "prod": { "triggers": { "crons": ["@hourly"] } } }
}
`))
	if got, want := w.Top.Crons, []config.Cron{{Expr: "*/5 * * * *", Line: 3, Col: 27}}; !reflect.DeepEqual(got, want) {
		t.Errorf("top crons = %+v, want %+v", got, want)
	}
	if got := env(t, w, "prod").Crons; len(got) != 1 || got[0].Expr != "@hourly" || got[0].Line != 4 {
		t.Errorf("prod crons = %+v", got)
	}
}

func TestCronsBad(t *testing.T) {
	_, err := config.LoadWrangler(write(t, "wrangler.toml", "[triggers]\ncrons = \"* * * * *\"\n"))
	if err == nil || !strings.Contains(err.Error(), "triggers.crons must be an array") || !strings.Contains(err.Error(), ":2") {
		t.Errorf("err = %v, want triggers.crons must be an array at line 2", err)
	}
}

func TestRunsPerDay(t *testing.T) {
	for _, c := range []struct {
		expr string
		want int
	}{
		{"* * * * *", 1440},
		{"*/5 * * * *", 288},
		{"0 * * * *", 24},
		{"@hourly", 24},
		{"0 3 * * *", 1},
		{"*/10 9-17 * * 1-5", 54}, // weekdays only: a weekday's count
		{"0 0 1 * *", 1},          // monthly: one run on its day
	} {
		got, err := config.Cron{Expr: c.expr}.RunsPerDay()
		if err != nil || got != c.want {
			t.Errorf("RunsPerDay(%q) = %d, %v; want %d", c.expr, got, err, c.want)
		}
	}
	if _, err := (config.Cron{Expr: "0 0 L * *"}).RunsPerDay(); err == nil {
		t.Error("RunsPerDay(L) succeeded, want an error")
	}
}
