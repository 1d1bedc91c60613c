//! Snapshot and limit tests for the whole analysis.
#![allow(clippy::panic, reason = "a test fails by panicking")]

use super::{Analysis, Limits, ProblemKind, analyze};

fn snapshot_name(line: &str) -> String {
    let name: String =
        line.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    let name = name.split('_').filter(|part| !part.is_empty()).collect::<Vec<_>>().join("_");
    name.chars().take(80).collect()
}

fn check(group: &str, lines: &[&str]) {
    for (index, line) in lines.iter().enumerate() {
        let analysis: Analysis = analyze(line, &Limits::default());
        insta::assert_json_snapshot!(
            format!("{group}_{index:02}_{}", snapshot_name(line)),
            serde_json::json!({"line": line, "analysis": analysis})
        );
    }
}

#[test]
fn lists_and_pipelines() {
    check(
        "lists",
        &[
            "ls -la",
            "ls; rm -rf x",
            "ls && sudo rm x || echo no",
            "sleep 1 & rm x",
            "ls\nrm x",
            "ls | grep a |& sort",
            "! grep -q x f",
            "echo hi # sudo rm",
            "time ls | wc -l",
        ],
    );
}

#[test]
fn compound_commands() {
    check(
        "compound",
        &[
            "(cd src && rm x)",
            "{ ls; rm x; }",
            "if test -f a; then cat a; elif true; then ls; else rm b; fi",
            "for f in *.py; do black $f; done",
            "for ((i=0; i<$(id -u); i++)); do echo $i; done",
            "while read l; do echo $l; done < list.txt",
            "until false; do rm x; done",
            "case $(uname) in Linux) ls;; *) rm x;; esac",
            "[[ -f $(whoami) && $a == b ]]",
            "(( n = $(id -u) + 1 ))",
            "select x in a b; do rm $x; done",
            "coproc worker { rm x; }",
            "cleanup() { rm -rf build; }; cleanup",
            "{ ls; } > /etc/passwd",
            "[[ 1 -eq 'a[$(id)]' ]]",
            "( (sudo ls) )",
            "((x = 1 + 2))",
        ],
    );
}

#[test]
fn substitutions() {
    check(
        "substitutions",
        &[
            "echo $(whoami)",
            "echo `whoami`",
            "echo \"user: $(id -un)\"",
            "echo `echo \\`id\\``",
            "diff <(ls a) >(cat)",
            "X=$(rm x) ls",
            "X=$(rm x)",
            "export PATH=$(pwd)/bin:$PATH",
            "local v=$(cat f)",
            "arr=(a $(id) c)",
            "ls > $(mktemp)",
            "cat < <(rm x)",
            "echo ${X:-$(rm x)}",
            "echo ${X/$(id)/y}",
            "echo $(( $(id -u) + 1 ))",
            "cat <<EOF\n$(rm x)\nEOF",
            "cat <<'EOF'\n$(rm x)\nEOF",
            "cat <<< $(id)",
            "for x in $(ls); do :; done",
            "echo $(echo $(echo $(id)))",
        ],
    );
}

#[test]
fn wrappers() {
    check(
        "wrappers",
        &[
            "sudo -u root ls /root",
            "doas rm x",
            "env -u X A=1 B=2 ls",
            "env -S 'rm -rf x'",
            "nice -n 10 make",
            "nohup ./run.sh",
            "timeout -s KILL 5 curl http://x",
            "stdbuf -oL tail -f log",
            "command -v git",
            "command rm x",
            "builtin echo hi",
            "exec rm x",
            "eval 'rm -rf x; ls'",
            "eval \"$CMD\"",
            "watch -n 2 'ls | wc -l'",
            "find . -name '*.tmp' -exec rm {} \\;",
            "find . -type f -execdir chmod 644 {} +",
            "xargs -I{} -n1 rm {}",
            "parallel -j 4 'gzip {}' ::: a b",
            "flock -w 5 /tmp/lock make",
            "flock lockfile -c 'rm x'",
            "setsid sleep 10",
            "strace -o out.txt ls",
            "chroot /srv/root ls",
            "ionice -c 3 rm x",
            "taskset 0x3 make",
            "su -c 'rm x' root",
            "script -c 'rm x' log.txt",
            "script -qc 'rm x' log.txt",
            "su -s /bin/sh -c 'rm x' root",
            "bash -c 'ls && rm x'",
            "sh -lc \"rm x\"",
            "zsh -ec 'rm x'",
            "busybox sh -c 'rm x'",
            "bash -c \"$X\"",
            "sudo $CMD",
            "curl http://x | bash",
            "sh script.sh",
            "sudo sudo bash -c 'eval \"rm x\"'",
        ],
    );
}

#[test]
fn normalisation() {
    check(
        "normalisation",
        &[
            "'sudo' ls",
            "\\sudo ls",
            "s\\udo ls",
            "su\"\"do ls",
            "/usr/bin/sudo ls",
            "$'\\x73udo' ls",
            "$X ls",
            "$(echo sudo) ls",
            "${CMD}",
            ".venv/bin/python x.py",
            "echo {a,b} *.py ~/x \"$HOME\"",
        ],
    );
}

#[test]
fn options() {
    check(
        "options",
        &[
            "git -C ../other status",
            "git commit -am 'fix: thing'",
            "git -c core.pager=less log -n 5 --author=me",
            "git checkout -b feature",
            "git push -o ci.skip origin +main",
            "head -n 5 file.txt",
            "tail -c100 file.txt",
            "kubectl -n prod get pods -o yaml",
            "curl -X POST -H 'A: b' -d @data.json -o /tmp/out http://localhost:8080",
            "grep -rn -e TODO --include '*.rs' src",
            "sort -o /etc/out -k 2 in.txt",
            "find /etc -maxdepth 1 -name '*.conf' -newer x -print",
            "docker build -t myapp -f Dockerfile .",
            "gh api -X DELETE repos/a/b",
            "gh pr create --title 'T' --body 'B'",
            "pip install -r requirements.txt requests",
            "uv run --with rich python -c 'print(1)'",
            "sed -i.bak -e 's/a/b/' f",
            "cut -d, -f1 data.csv",
            "python3 -m pytest -x tests",
            "tree -o /tmp/out.txt",
            "npm run build -- --prod",
            "terraform plan -var-file=x.tfvars",
            "sqlite3 db.sqlite 'SELECT 1'",
            "rm -- -rf",
        ],
    );
}

#[test]
fn redirects() {
    check(
        "redirects",
        &[
            "ls > out.txt 2>&1",
            "ls &> /dev/null",
            "ls >> log 2>> err",
            "cat < in.txt",
            "> /etc/passwd",
            "exec 3<> file",
            "ls >| out",
            "ls > \"$OUT\"",
        ],
    );
}

#[test]
fn problems() {
    check("problems", &["echo 'unterminated", "if true; then", "ls )", "echo $("]);
}

#[test]
fn long_line_is_a_problem_quickly() {
    let line = "a".repeat(100_000);
    let started = std::time::Instant::now();
    let analysis = analyze(&line, &Limits::default());
    assert!(started.elapsed().as_millis() < 500);
    assert!(analysis.problems.iter().any(|problem| problem.kind == ProblemKind::TooLong));
}

#[test]
fn deep_nesting_is_a_problem_on_a_small_stack() {
    let inputs = [
        "(".repeat(10_000),
        "$(".repeat(10_000),
        "{ ".repeat(10_000),
        "if true; then ".repeat(5_000),
        "${X:-".repeat(5_000),
        format!("{}ls{}", "$(".repeat(65), ")".repeat(65)),
    ];
    let handle = std::thread::Builder::new().stack_size(1 << 20).spawn(move || {
        inputs
            .iter()
            .map(|line| analyze(line, &Limits { max_length: 1 << 20, ..Limits::default() }))
            .collect::<Vec<_>>()
    });
    let results = handle.map(|handle| handle.join());
    let Ok(Ok(results)) = results else { panic!("analysis overflowed or panicked") };
    for analysis in &results {
        assert!(
            analysis.problems.iter().any(|problem| problem.kind == ProblemKind::TooDeep),
            "{:?}",
            analysis.problems
        );
    }
}

#[test]
fn moderate_nesting_is_fine_on_a_small_stack() {
    let line = format!("{}ls{}", "$(".repeat(40), ")".repeat(40));
    let handle = std::thread::Builder::new().stack_size(1 << 20).spawn(move || analyze(&line, &Limits::default()));
    let Ok(Ok(analysis)) = handle.map(|handle| handle.join()) else { panic!("analysis overflowed or panicked") };
    assert!(analysis.problems.is_empty(), "{:?}", analysis.problems);
    // Every level is a command whose name is the next substitution, plus the innermost `ls`.
    assert_eq!(analysis.commands.len(), 41);
}

#[test]
fn too_many_commands_is_a_problem() {
    let line = "ls;".repeat(600);
    let analysis = analyze(&line, &Limits::default());
    assert!(analysis.problems.iter().any(|problem| problem.kind == ProblemKind::TooManyCommands));
    assert_eq!(analysis.commands.len(), Limits::default().max_commands);
}

#[test]
fn parse_errors_say_where() {
    let analysis = analyze("ls &&", &Limits::default());
    let message = analysis.problems.first().map(|problem| problem.message.clone()).unwrap_or_default();
    assert!(message.contains("line") || message.contains("end of input"), "{message}");
}

#[test]
fn simple_command_is_fast() {
    let limits = Limits::default();
    let _ = analyze("git status", &limits);
    let started = std::time::Instant::now();
    for _ in 0..100 {
        let _ = analyze("git commit -m 'msg' && ls -la src | grep x", &limits);
    }
    // Generous for unoptimised test builds on a shared machine.
    assert!(started.elapsed().as_millis() < 2_000);
}

#[test]
fn random_input_never_panics() {
    let alphabet: Vec<char> = "ab $()`'\"\\{}[]<>|&;!#~=*?-\n\t{}ifthenfidone".chars().collect();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..400 {
        let mut line = String::new();
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let length = (state % 60) as usize;
        for _ in 0..length {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            line.push(alphabet[(state % alphabet.len() as u64) as usize]);
        }
        let _ = analyze(&line, &Limits::default());
    }
}

#[test]
fn fuzzer_findings_are_refused_quickly() {
    let findings = [
        // brush-parser's tokenizer panicked: a here-document began inside a substitution that ended before its body.
        "}\u{0}$($$\u{0}r$''!@d$($\u{0}?d$($<<-$\u{0}r)r$)",
        "rmdider$2zx<<-ider$$[[gw$0[\u{0}t];rr$2z$(r$2z",
        "v$(\n>t00<<0\t\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}~\n)z\nect\n>be",
        "\u{17}$ $\u{0}\u{0}>\n\u{b}><<)\"$((\"\"",
        // It looped, allocating without bound: a here-document delimiter that is empty once trimmed.
        "<@->(;{\u{b}<<\r>>\u{b}<@<>(;#\u{b}<<\r>(;<",
        "|A/>(;{\u{b}<<\r>>;<######",
        // The parser backtracked exponentially: many parentheses still open at the end.
        "(((((((((((((((((((((((((((```.`<\u{8}",
        // The word grammar backtracked exponentially on a here-document body with unclosed `${name[(`.
        "<<\u{8}\u{1d} \n${dioc[n(!!iocR<2\u{8}\u{1d} \n\n${dioc[n(!!iocR<2\u{8}\u{1d} \n${dionc[Sa(<\0\u{8}`Ziob\"`\"\nn\u{1}[c\0\0\u{8}\u{1d}${dionc[Sa(<\0\u{8}`Ziob\"`\"\nn\u{1}[c\0\0\u{8}\u{1d}S\n\nA#;`S",
        // The parser backtracked exponentially reading a word with many unclosed `name[` as an assignment.
        "r[cc[[\u{8}$2Eq[c{c[e.[c[]c[\u{8}$2Eq[c[c[eq_[\u{8}$2E[c[eq_[\u{8}$2Eq[c[e.[c\"$\\\"\"[]c[\u{8}$2Eq[cc[[\u{8}$2Eq[c{c[e.[c[]c[\u{8}$2Eq[c[c[eq_[\u{8}$2E[c[eq_[\u{8}$2Eq[c[e.[c\"$\\\"\"[]cc[\u{8}$2Eq[c[c[e1_[\u{8}$2E[c[eq_[\u{8}$2Eq[c[e.[c[eEq[q",
        // The word grammar backtracked exponentially on `$((` with no `))` in a here-document body.
        "<<\u{8}S\n*\u{0})$(>\u{8}#$(()\n$(>\u{8}#$(()A\n*\u{0})$(>\u{8}#$(()\n$(>\u{8}#$(()A\n>>[\u{0})$(>>*\u{0})$(>\u{8})$*>>*\u{8})$(()\n>>[\u{0})>\u{8}#$(()\n$(>\u{8}#$(()A\n*\u{0})$(>\u{8}#$(()\n$(>\u{8}#$(()A\n>>[\u{0})$(>>*\u{0})$(>\u{8})$*>>*\u{8})$(()\n>>[\u{0})$(>>*\u{6})$(>\u{8})$(>>*\u{0})$>>*\u{0})$$*>>*\u{8})$(()\n$(>>*\u{0})$(>\u{8})$*>>*\u{8})$(()\n>>[\u{0})$(>>*\u{6})$(>\u{8})$(>>*\u{0})$>>*\u{0})$$*>>*\u{8})$(()\n>>[\u{0})$(>>*\u{6})$(>\u{8})$$(>>*\u{6})$(>\u{8})$(>>*\u{0})$>>*\u{0})$$*>>*\u{8})$(()\n$(>>*\u{0})$(>\u{8})$*>>*\u{8})$(()\n>>[\u{0})$(>>*\u{6})$(>\u{8})$(>>*\u{0})$>>*\u{0})$$*>>*\u{8})$(()\n>>[\u{0})$(>>*\u{6})$(>\u{8})$(>>*\u{0})$>>*\u{0})$(k\u{0}",
        // The word grammar backtracked exponentially on unclosed subscripts inside `$[` in a here-document body.
        "$<<$OOO\nOOOO<<@\u{0}\u{0}\u{0}\u{0}[i$\u{0}[i[p\"\"i[i[p\"\"\"\"\u{0}\u{0}\u{0}z#w\"\nOOO<<@\u{0}\u{0}\u{0}\u{0}\u{0}$[i[i[p\"\"i[i[p\"i[p\"[i[p\"\"i[i[p\"\"\"\"\u{0}\u{0}\u{0}z#w\"\nOOO<<@\u{0}\u{0}\u{0}\u{0}\u{0}$[i[i[p\"\"i[i[p\"i[p\"OO<<\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}@\u{0}\u{0}\u{0}\u{0}[i@\u{0}\u{0}\u{0}\u{0}\u{0}$[i[i[p\"\"i[i[p\"[Token::Word(_, _)]i[p\"\"i[i[p\"\"i[i[p\"i[p\"OO<<\u{0}\u{0}\u{0}\u{0}OO<<\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}@\u{0}\u{0}\u{0}\u{0}[i@\u{0}\u{0}\u{0}\u{0}\u{0}$[i[i[p\"\"i[i[p\"[Token::Word(_, _)]i[p\"\"i[i[p\"\"i[i[p\"i[p\"OO<<\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}@\u{0}\u{0}\u{0}\u{0}[i$\u{0}[]i6.~@\u{0}\u{0}\u{0}\u{0}\u{0}$[i[i\"\nOOO<<@\u{0}\u{0}\u{0}\u{0}\u{0}$\"\"2#e>&\u{0}\u{0}#w\"$$OOO\n",
        // The word grammar unwrapped a directory stack index that does not fit.
        "~22222222222222222220",
    ];
    for line in findings {
        let started = std::time::Instant::now();
        let analysis = analyze(line, &Limits::default());
        assert!(!analysis.problems.is_empty(), "{line:?}");
        assert!(started.elapsed().as_millis() < 1_000, "{line:?}");
    }
}

#[test]
fn here_document_operator_does_not_hide_a_substitution() {
    let analysis = analyze("cat <<EOF $(rm -rf x)\nbody\nEOF", &Limits::default());
    assert!(analysis.problems.iter().any(|problem| problem.kind == ProblemKind::ParseError), "{analysis:?}");
}

#[test]
fn unclosed_substitutions_in_a_here_document_are_refused_quickly() {
    let line = format!("cat <<EOF\n{}\nEOF", "$( (".repeat(12));
    let started = std::time::Instant::now();
    let analysis = analyze(&line, &Limits::default());
    assert!(started.elapsed().as_millis() < 1_000);
    assert!(analysis.problems.iter().any(|problem| problem.kind == ProblemKind::ParseError), "{analysis:?}");
}

fn recursion(line: &str) -> bool {
    analyze(line, &Limits::default()).problems.iter().any(|problem| problem.kind == ProblemKind::Recursion)
}

#[test]
fn functions_that_call_themselves_are_a_problem() {
    for line in [
        ":(){ :|:& };:",
        "bomb() { bomb | bomb & }; bomb",
        "f() { f; }; f",
        "ls() { ls -la; }; ls",
        "function loop { echo x; loop; }; loop",
        "f() { g; }; g() { f; }; f",
        "f() { ls; }; ls() { f; }; f",
        "f() { if true; then f; fi; }",
        "f() { echo $(f); }; f",
        "f() { g() { f; }; g; }; f",
    ] {
        assert!(recursion(line), "{line:?}");
    }
}

#[test]
fn functions_that_do_not_call_themselves_are_fine() {
    for line in [
        "f() { ls; }; f",
        "ls() { command ls -la; }; ls",
        "f() { echo f; }; f; f",
        "g() { ls; }; f() { g; g; }; f",
        "f() { bash -c f; }; f",
        "f() { ls; }; f | f & f",
        ":",
        "f() { :; }; : | :",
    ] {
        let analysis = analyze(line, &Limits::default());
        assert!(analysis.problems.is_empty(), "{line:?}: {:?}", analysis.problems);
    }
}

fn has_problem(line: &str, kind: ProblemKind) -> bool {
    analyze(line, &Limits::default()).problems.iter().any(|problem| problem.kind == kind)
}

#[test]
fn variables_holding_substitution_text_are_a_problem() {
    for line in [
        "x='a[$(sudo ls)]'; echo $((x))",
        "x='$(sudo ls)'; echo ${x@P}",
        "export X='`id`'",
        "declare -a a=('$(id)')",
        "X='$(id)' bash -c 'echo $((X))'",
        "local v=\"\\$(id)\"",
    ] {
        assert!(has_problem(line, ProblemKind::StoredCode), "{line:?}");
    }
    for line in ["x=$(git rev-parse HEAD); echo $x", "x='plain text'; echo $((1 + 2))", "make CC='$(CROSS)gcc'"] {
        assert!(!has_problem(line, ProblemKind::StoredCode), "{line:?}");
    }
}

#[test]
fn values_from_outside_the_line_that_bash_reads_as_code_are_a_problem() {
    // Each runs the command hidden in `f` (`a[$(…)]`) in bash 5.2: the value is evaluated as arithmetic or as a name.
    for line in [
        "x=$(cat f); echo $((x))",
        "read x < f; echo $((x + 1))",
        "while read -r a b; do echo $((a + b)); done < nums.txt",
        "mapfile -t l < f; echo $((l[0]))",
        "for f in *; do echo $((f)); done",
        "x=`head -1 f`; (( x > 3 ))",
        "x=$(cat f); [[ $x -eq 1 ]]",
        "[[ $(cat f) -eq 1 ]]",
        "echo $(( $(cat f) + 1 ))",
        "x=$(cat f); let y=x",
        "x=$(cat f); echo ${s:x} ${a[$x]} $[x]",
        "x=$(cat f); echo \"${!x}\"",
        "x=$(cat f); printf -v \"$x\" 1",
        "x=$(cat f); declare \"$x\"=1",
        "declare \"$(cat f)\"=1",
        "x=$(cat f); test -v \"$x\"",
        "x=$(cat f); [[ -v $x ]]",
        "x=$(cat f); a[$x]=1",
        "x=$(cat f); declare -n r=\"$x\"; echo $r",
        "declare -i n; n=$(cat f)",
        "x=$(cat f); y=$x; z=y; echo $((z))",
        "printf -v v '%s' \"$(cat f)\"; echo $((v))",
        "echo $((x)); x=$(cat f)",
        "wc() { cat f; }; n=$(wc -l); echo $((n))",
    ] {
        assert!(has_problem(line, ProblemKind::StoredCode), "{line:?}");
    }
    // Numbers from counting programs, loop counters, and outside text used only as text are fine.
    for line in [
        "n=$(wc -l < f); echo $((n + 1))",
        "start=$(date +%s); make; echo $(( $(date +%s) - start ))",
        "c=$(grep -c TODO src/a.rs); [[ $c -gt 3 ]]",
        "for i in $(seq 1 5) {1..3}; do echo $((i * 2)); done",
        "arr=(a b); for i in \"${!arr[@]}\"; do echo \"${arr[$i]}\"; done",
        "x=$(cat VERSION); echo \"version $x ${#x}\"",
        "read -r name < f; echo \"hi $name\"",
        "for f in *.txt; do echo \"${f%.txt}\"; done",
        "i=0; while [ $i -lt 3 ]; do i=$((i + 1)); done",
        "n=$(git rev-list --count HEAD); echo $((n + 1))",
        "greet() { echo hi; }; echo \"$(greet)\"",
    ] {
        assert!(!has_problem(line, ProblemKind::StoredCode), "{line:?}");
    }
}

/// The executables a line runs, as the walk found them.
fn executables(line: &str) -> Vec<String> {
    analyze(line, &Limits::default()).commands.into_iter().map(|command| command.executable).collect()
}

#[test]
fn quoted_substitutions_that_bash_evaluates_as_arithmetic_or_names_are_found() {
    // Each of these runs `sudo` in bash 5.2: the quoted text is expanded again when it is used as arithmetic or
    // as a variable name with a subscript.
    for line in [
        "echo $(( 'a[$(sudo ls)]' ))",
        "(( 'a[$(sudo ls)]' ))",
        "(( x = \"a[\\$(sudo ls)]\" ))",
        "for (( i='a[$(sudo ls)]'; i<1; i++ )); do :; done",
        "echo ${a['$(sudo ls)']}",
        "echo ${!a['`sudo ls`']}",
        "echo ${x:'a[$(sudo ls)]'}",
        "m['$(sudo ls)']=1",
        "[[ 1 -eq 'a[$(sudo ls)]' ]]",
        "[[ -v 'a[$(sudo ls)]' ]]",
        "declare 'x[$(sudo ls)]=1'",
        "declare -i 'n=a[$(sudo ls)]'",
        "typeset -g 'a[$(sudo ls)]=1'",
        "export 'a[$(sudo ls)]=1'",
        "readonly 'a[$(sudo ls)]=1'",
        "let 'a[$(sudo ls)]=1'",
        "printf -v 'a[$(sudo ls)]' %s 1",
        "printf -v'a[$(sudo ls)]' %s 1",
        "read 'a[$(sudo ls)]' < f.txt",
        "mapfile 'a[$(sudo ls)]' < f.txt",
        "unset 'a[$(sudo ls)]'",
        "wait -n -p 'a[$(sudo ls)]'",
        "getopts a 'a[$(sudo ls)]'",
        "test -v 'a[$(sudo ls)]'",
        "[ -v 'a[$(sudo ls)]' ]",
        "builtin declare 'x[$(sudo ls)]=1'",
        "echo $(( \"'a[\\$(sudo ls)]'\" ))",
    ] {
        assert!(executables(line).contains(&"sudo".to_owned()), "{line:?}: {:?}", executables(line));
    }
    // Text that bash only prints or compares stays text.
    for line in [
        "echo 'use $(sudo ls) here'",
        "printf '%s\\n' 'a[$(sudo ls)]'",
        "echo ${x:-'$(sudo ls)'}",
        "[[ 'a[$(sudo ls)]' == x ]]",
        "test 'a[$(sudo ls)]' = x",
        "git commit -m 'mention `sudo ls` in the message'",
    ] {
        assert!(!executables(line).contains(&"sudo".to_owned()), "{line:?}: {:?}", executables(line));
    }
}

#[test]
fn prompt_expansion_is_refused() {
    assert!(has_problem("echo ${PS1@P}", ProblemKind::ParseError));
    assert!(!has_problem("echo ${x@Q} ${x@U}", ProblemKind::ParseError));
}

#[test]
fn call_chains_through_many_functions_are_followed() {
    let chain: String = (1..2000).map(|i| format!("f{i}() {{ f{}; }}; ", i - 1)).collect();
    let open = format!("f0() {{ :; }}; {chain}f1999");
    assert!(!has_problem(&open, ProblemKind::Recursion));
    let closed = format!("f0() {{ f1999; }}; {chain}f1999");
    assert!(has_problem(&closed, ProblemKind::Recursion));
}

#[test]
fn a_for_loop_reports_the_variable_it_sets() {
    let analysis = analyze("for PATH in /tmp $x; do ls; done", &Limits::default());
    let setter = analysis.commands.iter().find(|command| command.assignments.contains_key("PATH"));
    let setter = setter.expect("the loop variable is reported as an assignment");
    assert_eq!(setter.executable, "");
    assert_eq!(setter.dynamic, vec!["PATH=/tmp $x".to_owned()]);
    assert!(analysis.commands.iter().any(|command| command.executable == "ls"));
}
