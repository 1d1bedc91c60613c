//! The real `agent-policies` binary, as scripts and users call it.
