# sqlite3: read-only queries and schema listings are allowed; statements that write, attach, or dot-commands
# that run programs or touch other files are refused. Only the sqlite3 arguments are read, never the rest
# of the line.
package universal.sqlite

import rego.v1

import data.helpers.command.allow
import data.helpers.command.ask
import data.helpers.command.deny
import data.helpers.command.exe
import data.helpers.command.quoted_list
import data.helpers.command.words
import data.helpers.is_safe_path

# Every program this package speaks about; the universal bundle consults the package only for these.
programs := {"sqlite3"}

# Options of the sqlite3 shell that take a value.
sqlite_value_options := {
	"-cmd", "-init", "-separator", "-newline", "-nullvalue", "-vfs", "-mmap", "-pagecache", "-lookaside",
	"-heap", "-maxsize", "-escape", "-nonce", "--nonce", "--cmd", "--init", "--separator", "--newline", "--nullvalue", "--vfs",
}

sqlite_positional_indexes contains i if {
	exe == "sqlite3"
	some i, w in words
	not startswith(w, "-")
	sqlite_not_an_option_value(i)
}

sqlite_not_an_option_value(i) if i == 0

sqlite_not_an_option_value(i) if {
	i > 0
	not words[i - 1] in sqlite_value_options
	not sqlite_second_value(i)
}

# `-pagecache SIZE N` and `-lookaside SIZE N` take two values.
sqlite_second_value(i) if {
	i > 1
	words[i - 2] in {"-pagecache", "-lookaside", "--pagecache", "--lookaside"}
}

sqlite_database_index := min(sqlite_positional_indexes)

sqlite_database := words[sqlite_database_index]

# The SQL and dot-commands sqlite3 would run: positionals after the database and every `-cmd` value.
sqlite_texts contains words[i] if {
	some i in sqlite_positional_indexes
	i != sqlite_database_index
}

sqlite_texts contains words[i + 1] if {
	exe == "sqlite3"
	some i, w in words
	w in {"-cmd", "--cmd"}
	i + 1 < count(words)
}

sqlite_write_pattern := `(?-u:\b)(insert|update|delete|drop|alter|create|replace|attach|detach|truncate|begin|commit|rollback|vacuum|reindex|analyze|savepoint|release|load_extension|writefile|edit)(?-u:\b)`

# Dot-commands that only show the schema or change how results are printed.
sqlite_plain_dot_commands := {
	"schema", "tables", "table", "indexes", "indices", "headers", "header", "mode", "width", "databases",
	"dbinfo", "show", "help", "fullschema", "timer", "nullvalue", "separator", "explain", "eqp", "stats",
	"print", "echo", "bail", "changes", "lint", "dump",
}

# sqlite3 reads a dot-command's name after blanks and quotes too (`. shell`, `."shell"`); a dot line whose name cannot
# be read counts as a command that is not plain.
sqlite_dot_commands contains name if {
	some text in sqlite_texts
	found := regex.find_all_string_submatch_n(`(^|\n)[ \t]*\.([^\n]*)`, text, -1)
	some m in found
	name := sqlite_dot_name(m[2])
}

sqlite_dot_name(rest) := lower(found[0][1]) if {
	found := regex.find_all_string_submatch_n(`^[ \t"']*([A-Za-z_0-9]+)`, rest, 1)
	count(found) > 0
}

sqlite_dot_name(rest) := "(unreadable)" if not regex.match(`^[ \t"']*[A-Za-z_0-9]`, rest)

sqlite_refused_dot_commands contains d if {
	some d in sqlite_dot_commands
	not d in sqlite_plain_dot_commands
}

sqlite_writes contains lower(m[2]) if {
	some text in sqlite_texts
	found := regex.find_all_string_submatch_n(concat("", [`(^|[^A-Za-z0-9_])`, sqlite_write_pattern]), lower(text), -1)
	some m in found
}

# Read-only SQL begins with SELECT, EXPLAIN, WITH or VALUES; a dot-command line is judged above.
sqlite_text_is_read(text) if regex.match(`^[ \t\n(]*(select|explain|with|values)(?-u:\b)`, lower(text))

sqlite_text_is_read(text) if regex.match(`^[ \t\n]*\.`, text)

sqlite_unclear_texts contains text if {
	some text in sqlite_texts
	not sqlite_text_is_read(text)
}

# `PRAGMA name = value` and `PRAGMA name(value)` change the database or the connection; a bare `PRAGMA name` only
# reads. The pragmas below take their argument only to say what to read (`PRAGMA table_info(users)`).
sqlite_writes contains "pragma" if {
	some text in sqlite_texts
	regex.match(`(?-u:\b)pragma(?-u:\b)[^;]*=`, lower(text))
}

# Pragmas that change the database even when called bare.
sqlite_writes contains "pragma" if {
	some text in sqlite_texts
	regex.match(`(?-u:\b)pragma[ \t\n\r]+([a-z_0-9]+\.)?(optimize|incremental_vacuum|wal_checkpoint|shrink_memory|analysis_limit)(?-u:\b)`, lower(text))
}

sqlite_writes contains "pragma" if {
	some text in sqlite_texts
	some m in regex.find_all_string_submatch_n(`(?-u:\b)pragma(?-u:\b)([^;=(]*)\(`, lower(text), -1)
	not sqlite_pragma_reads_argument(m[1])
}

sqlite_reading_pragmas := {
	"table_info", "table_xinfo", "table_list", "index_info", "index_xinfo", "index_list", "foreign_key_list",
	"foreign_key_check", "integrity_check", "quick_check", "function_list", "module_list", "pragma_list",
	"collation_list", "database_list", "compile_options",
}

# The pragma's name is the last word before `(`, after an optional schema (`PRAGMA main.table_info(t)`).
sqlite_pragma_reads_argument(head) if {
	found := regex.find_all_string_submatch_n(`([a-z_0-9]+)[\x22'\]\x60]?[ \t\n\r]*$`, head, 1)
	found[0][1] in sqlite_reading_pragmas
}

# `-A`/`--archive` (any letters after it: `-Ax`, `-Acv`) runs `.archive`, which extracts entries to the paths they
# name (absolute ones included) or writes files into an archive; its other words are file names, not SQL.
sqlite_archive_options contains w if {
	exe == "sqlite3"
	some w in words
	regex.match(`^--?(A|archive$)`, w)
}

decisions contains deny("sqlite.archive", reason) if {
	count(sqlite_archive_options) > 0
	reason := sprintf("`sqlite3 %s` works on an SQL archive: it extracts files to the paths stored in it, anywhere on disk, or writes files into one. Unpack archives with a tool whose targets can be checked, inside the workspace.", [concat(" ", sqlite_archive_options)])
}

decisions contains deny("sqlite.write", reason) if {
	count(sqlite_writes) > 0
	reason := sprintf("`sqlite3` is given SQL that changes the database or loads code (%s). Only read-only queries are run here; ask the user to make changes.", [quoted_list(sqlite_writes)])
}

# Functions of the sqlite3 shell that read files or list directories by name, wherever they are.
# The name may be quoted (`"readfile"`, `[readfile]`, `` `readfile` ``) and followed by blanks or comments before `(`.
# The table-valued ones (`fsdir`, `zipfile`) need no `(` at all: `FROM fsdir WHERE path='/home'` gives the argument as
# a hidden column, so those are refused wherever they are named as a table (after `FROM` or `JOIN`, or a comma
# after one).
sqlite_file_pattern := `(?-u:\b)(readfile|fsdir|zipfile|sqlar_uncompress)[\x22'\]\x60]?(?:[ \t\n\r]|/\*(?:[^*]|\*[^/])*\*/)*\(|(?-u:\b)(?:from|join)(?:[^;(]*?,)?(?:[ \t\n\r]|/\*(?:[^*]|\*[^/])*\*/)*[\x22'\[\x60]?(fsdir|zipfile)(?-u:\b)`

sqlite_file_functions contains concat("", [m[1], m[2]]) if {
	some text in sqlite_texts
	some m in regex.find_all_string_submatch_n(sqlite_file_pattern, lower(text), -1)
}

decisions contains deny("sqlite.file_function", reason) if {
	count(sqlite_file_functions) > 0
	reason := sprintf("`sqlite3` is given SQL that reads files or directories by name (%s), which can reach outside the workspace. Read files with the file tools instead.", [quoted_list(sqlite_file_functions)])
}

decisions contains deny("sqlite.dot_command", reason) if {
	count(sqlite_refused_dot_commands) > 0
	reason := sprintf("`sqlite3` is given dot-commands that run programs or read and write files (%s). Use only `.schema`, `.tables` and read-only queries.", [quoted_list({concat("", [".", d]) | some d in sqlite_refused_dot_commands})])
}

decisions contains deny("paths.outside_workspace", reason) if {
	exe == "sqlite3"
	not is_safe_path(sqlite_database_file)
	reason := sprintf("`sqlite3` opens `%s`, outside the workspace. Open databases inside the project.", [sqlite_database])
}

# A URI filename (`file:/home/x.db?mode=ro`) names its file after `file:`, and a host part before it.
sqlite_database_file := sqlite_database if not startswith(lower(sqlite_database), "file:")

sqlite_database_file := regex.replace(substring(sqlite_database, 5, -1), `^//[^/]*|[?#].*$`, "") if {
	startswith(lower(sqlite_database), "file:")
}

decisions contains ask("sqlite.init", "`sqlite3 -init` runs commands from a file that cannot be checked. Pass the SQL on the command line.") if {
	exe == "sqlite3"
	some w in words
	w in {"-init", "--init"}
}

decisions contains ask("sqlite.interactive", "`sqlite3` without SQL reads commands from standard input, which cannot be checked. Pass a read-only query as an argument.") if {
	exe == "sqlite3"
	count(sqlite_texts) == 0
}

decisions contains ask("sqlite.unclear", reason) if {
	count(sqlite_unclear_texts) > 0
	count(sqlite_writes) == 0
	reason := sprintf("`sqlite3` is given SQL that is not a plain query (%s). Only SELECT and EXPLAIN queries run without asking.", [quoted_list(sqlite_unclear_texts)])
}

decisions contains allow("sqlite.read", "`sqlite3` runs read-only queries on a database in the workspace") if {
	exe == "sqlite3"
	count(sqlite_texts) > 0
	count(sqlite_writes) == 0
	count(sqlite_refused_dot_commands) == 0
	count(sqlite_unclear_texts) == 0
	count(sqlite_file_functions) == 0
}
