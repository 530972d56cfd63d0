// An ambient type: used without an import.
interface SharedCache extends KVNamespace {}
