package universal

import rego.v1

test_sqlite_read_allow if {
	run("sqlite3", ["db.sqlite", "SELECT * FROM users"]) == "allow"
	run("sqlite3", ["db.sqlite", "select id from users where id = 1"]) == "allow"
	run("sqlite3", ["db.sqlite", ".schema"]) == "allow"
	run("sqlite3", ["-header", "db.sqlite", ".tables"]) == "allow"
	run("sqlite3", ["update_log.db", "SELECT 1"]) == "allow"
}

test_sqlite_write_deny if {
	run("sqlite3", ["db.sqlite", "INSERT INTO users VALUES (1)"]) == "deny"
	run("sqlite3", ["db.sqlite", "drop table users"]) == "deny"
	run("sqlite3", ["db.sqlite", "SELECT 1; DELETE FROM users"]) == "deny"
	run("sqlite3", ["db.sqlite", "select load_extension('x')"]) == "deny"
	run("sqlite3", ["db.sqlite", "BEGIN TRANSACTION"]) == "deny"
}

test_sqlite_dot_command_deny if {
	run("sqlite3", ["db.sqlite", ".shell id"]) == "deny"
	run("sqlite3", ["db.sqlite", ".output /tmp/x"]) == "deny"
	run("sqlite3", ["-cmd", ".system id", "db.sqlite", "SELECT 1"]) == "deny"
}

test_sqlite_no_sql_ask if run("sqlite3", ["db.sqlite"]) == "ask"

test_sqlite_unclear_ask if run("sqlite3", ["db.sqlite", "PRAGMA table_info(users)"]) == "ask"

test_sqlite_outside_deny if run("sqlite3", ["/etc/x.db", "SELECT 1"]) == "deny"

test_sqlite_file_function_deny if {
	run("sqlite3", ["db.sqlite", "select readfile('/etc/passwd')"]) == "deny"
	run("sqlite3", ["db.sqlite", "SELECT name FROM fsdir('/home')"]) == "deny"
	run("sqlite3", ["db.sqlite", "select * from zipfile ('../x.zip')"]) == "deny"
}

test_sqlite_file_function_names_as_columns_allow if {
	run("sqlite3", ["db.sqlite", "select readfile_count, fsdir_id, zipfile_name from t"]) == "allow"
	run("sqlite3", ["db.sqlite", "select readfile_count, fsdir from t"]) == "allow"
	run("sqlite3", ["db.sqlite", "select * from t where name = 'zipfile'"]) == "allow"
	run("sqlite3", ["db.sqlite", "select readfile from t"]) == "allow"
}

test_sqlite_table_function_without_parentheses_deny if {
	run("sqlite3", ["x.db", "SELECT name, data FROM fsdir WHERE path='/home/user/.ssh'"]) == "deny"
	run("sqlite3", ["x.db", "select * from \"zipfile\" where z='/x.zip'"]) == "deny"
	run("sqlite3", ["x.db", "SELECT 1 FROM t JOIN FSDIR ON 1 WHERE fsdir.path='/etc'"]) == "deny"
	run("sqlite3", ["x.db", "SELECT 1 FROM t, /* x */ zipfile WHERE z='/x.zip'"]) == "deny"
}

test_sqlite_archive_deny if {
	run("sqlite3", ["-cmd", "SELECT 1", "g.sqlar", "-Ax"]) == "deny"
	run("sqlite3", ["a.sqlar", "-Axv"]) == "deny"
	run("sqlite3", ["a.sqlar", "-A", "-c", "src"]) == "deny"
	run("sqlite3", ["a.sqlar", "--archive", "-t"]) == "deny"
	run("sqlite3", ["a.sqlar", "--Ax"]) == "deny"
}

test_sqlite_ascii_and_append_options_allow if {
	run("sqlite3", ["-ascii", "db.sqlite", "SELECT 1"]) == "allow"
	run("sqlite3", ["-append", "db.sqlite", "SELECT 1"]) == "allow"
}

test_sqlite_pragma_call_write_deny if {
	run("sqlite3", ["x.db", "SELECT 1; PRAGMA user_version(7)"]) == "deny"
	run("sqlite3", ["x.db", "PRAGMA journal_mode(WAL)"]) == "deny"
	run("sqlite3", ["x.db", "pragma main.wal_checkpoint (TRUNCATE)"]) == "deny"
	run("sqlite3", ["x.db", "PRAGMA \"user_version\"(7)"]) == "deny"
}

test_sqlite_pragma_reading_call_allow if {
	run("sqlite3", ["x.db", "SELECT 1; PRAGMA table_info(users)"]) == "allow"
	run("sqlite3", ["x.db", "SELECT 1; PRAGMA main.index_list('users')"]) == "allow"
	run("sqlite3", ["x.db", "SELECT * FROM pragma_table_info('users')"]) == "allow"
}

test_sqlite_uri_outside_deny if run("sqlite3", ["file:/home/user/x.db", "SELECT 1"]) == "deny"

test_sqlite_uri_inside_allow if run("sqlite3", ["file:app.db?mode=ro", "SELECT 1"]) == "allow"

test_sqlite_dot_command_spellings_deny if {
	run("sqlite3", ["app.db", ". shell id"]) == "deny"
	run("sqlite3", ["app.db", ".\"shell\" id"]) == "deny"
}

test_sqlite_file_function_spellings_deny if {
	run("sqlite3", ["app.db", "SELECT \"readfile\"('/etc/passwd')"]) == "deny"
	run("sqlite3", ["app.db", "SELECT readfile/**/('/etc/passwd')"]) == "deny"
}

test_sqlite_two_value_options_deny if run("sqlite3", ["-pagecache", "1", "2", "/home/user/x.db", "SELECT 1"]) == "deny"

test_sqlite_later_pragma_write_deny if run("sqlite3", ["app.db", "SELECT 1; PRAGMA user_version=7"]) == "deny"

test_sqlite_pragma_read_and_updated_column_allow if {
	run("sqlite3", ["app.db", "SELECT updated_at FROM t"]) == "allow"
	run("sqlite3", ["app.db", "PRAGMA table_info(users)"]) != "deny"
}

test_sqlite_bare_writing_pragma_deny if {
	run("sqlite3", ["x.db", "SELECT 1; PRAGMA optimize"]) == "deny"
	run("sqlite3", ["x.db", "pragma main.incremental_vacuum"]) == "deny"
}

test_sqlite_nonce_value_is_not_the_database_deny if run("sqlite3", ["-nonce", "x.db", "SELECT/../../victim.db", "SELECT 1"]) == "deny"
