//! The engine behind the WIT exports: analysis, evaluation and protocol mapping tied together.
