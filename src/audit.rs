//! The internal records the organisation keeps (never sent): the full schedule of every input
//! item with its disposition and reason, the redaction log with every removed string, the plan
//! and the run summary.
