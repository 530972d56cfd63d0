package kvmodel

// Work counts the memoised decisions the model has taken so far (symbols,
// fields, parameters): the external tests check that it grows linearly.
func Work() int64 {
	return symDecisions.Load() + fieldDecisions.Load() + paramDecisions.Load()
}
