package emit

// TEMPORARY (lead): the API the EMIT branch provides; delete at merge.

type FormatError struct {
	Name   string
	Source []byte
	Err    error
}

func (e *FormatError) Error() string { return e.Name + ": " + e.Err.Error() }
