//! Programs that run their arguments as a command: which words form the wrapped command.
//!
//! Owns the option grammar of each wrapper (so `sudo -u root ls` wraps `ls`, not `root`). Must not parse command
//! lines itself: a `-c` string or an `eval` line is handed back as text for the walker to parse.

use super::options::value_options;
use super::words::WordValue;

/// What a wrapper runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wrapped {
    /// A command given as separate words (`sudo ls -l`); `assignments` are `NAME=value` words set for it (`env`).
    Argv { via: String, words: Vec<WordValue>, assignments: Vec<(String, WordValue)> },
    /// A command line to parse (`bash -c '…'`, `eval …`).
    Line { via: String, text: String },
    /// Code that cannot be known before running (`bash -c "$X"`, `sudo $CMD`).
    Unknown { via: String, raw: String },
    /// A command line for another shell that may read it otherwise than bash does (`sh -c '((cmd))'`): parsed as
    /// bash all the same, so what bash would run is judged, and reported as not fully understood.
    OtherGrammar { via: String, shell: String, text: String },
}

const SHELLS: &[&str] =
    &["bash", "sh", "zsh", "dash", "ksh", "mksh", "ash", "fish", "rbash", "yash", "pdksh", "tcsh", "csh"];

/// Whether `executable` is a shell that would run code given with `-c`.
pub fn is_shell(executable: &str) -> bool {
    SHELLS.contains(&executable)
}

/// The commands that `executable` (already normalised) would run, given its words.
pub fn unwrap(executable: &str, words: &[WordValue]) -> Vec<Wrapped> {
    let via = executable.to_owned();
    // Where a wrapper's options end is read from the same option table the policy input uses.
    let (short, long) = value_options(executable);
    let argv_after = || -> Vec<Wrapped> {
        match skip_options(words, short, long) {
            Scan::Positional(index) => argv(&via, &words[index..]),
            Scan::Unknown(index) => unknown(&via, &words[index..]),
        }
    };
    match executable {
        "sudo" => {
            let options_end = match skip_options(words, short, long) {
                Scan::Positional(index) | Scan::Unknown(index) => index,
            };
            let runs_nothing = |word: &WordValue| {
                matches!(word.value.as_str(), "-e" | "--edit" | "-l" | "--list" | "-v" | "--validate" | "-k" | "-K")
            };
            if words[..options_end].iter().any(runs_nothing) {
                return Vec::new();
            }
            match skip_options(words, short, long) {
                Scan::Positional(index) => with_assignments(&via, &words[index..]),
                Scan::Unknown(index) => unknown(&via, &words[index..]),
            }
        }
        "doas" | "pkexec" | "nice" | "nohup" | "builtin" | "setsid" | "unbuffer" | "chronic" | "time" | "stdbuf"
        | "exec" | "strace" | "ltrace" | "xargs" => argv_after(),
        "ionice" => {
            if has_option(words, &["-p", "--pid", "-P", "--pgid", "-u", "--uid"]) {
                return Vec::new();
            }
            argv_after()
        }
        "command" => {
            if words
                .iter()
                .take_while(|word| word.value.starts_with('-'))
                .any(|word| word.value.contains('v') || word.value.contains('V'))
            {
                return Vec::new();
            }
            argv_after()
        }
        "timeout" | "chroot" => after_positionals(&via, words, short, long, 1),
        "taskset" => {
            if has_option(words, &["-p", "--pid"])
                || words.iter().any(|word| {
                    word.value.starts_with('-') && !word.value.starts_with("--") && word.value.contains('p')
                })
            {
                return Vec::new();
            }
            after_positionals(&via, words, short, long, 1)
        }
        // Not the option table's `-c`: flock takes it after the lock file (`flock FILE -c CMD`), handled below.
        "flock" => match skip_options(words, "wE", &["--timeout", "--conflict-exit-code"]) {
            Scan::Unknown(index) => unknown(&via, &words[index..]),
            Scan::Positional(index) => {
                let rest = &words[(index + 1).min(words.len())..];
                match rest.first().map(|word| word.value.as_str()) {
                    Some("-c" | "--command") => line(&format!("{via} -c"), &rest[1..2.min(rest.len())]),
                    _ => argv(&via, rest),
                }
            }
        },
        "env" => env(words),
        "eval" => line(&via, words),
        // `trap [--] 'text' SIGNAL…` runs the text as a command line when the signal comes (or the shell exits).
        "trap" => {
            let words = match words {
                [first, rest @ ..] if first.is_static && first.value == "--" => rest,
                _ => words,
            };
            match words {
                [first, _, ..] if !first.value.starts_with('-') || !first.is_static => line(&via, &words[..1]),
                _ => Vec::new(),
            }
        }
        "watch" => {
            if has_option(words, &["-x", "--exec"]) {
                return argv_after();
            }
            match skip_options(words, short, long) {
                Scan::Positional(index) => line(&via, &words[index..]),
                Scan::Unknown(index) => unknown(&via, &words[index..]),
            }
        }
        "parallel" | "sem" => match skip_options(words, short, long) {
            Scan::Unknown(index) => unknown(&via, &words[index..]),
            Scan::Positional(index) => {
                let end = words[index..]
                    .iter()
                    .position(|word| word.value.starts_with(":::"))
                    .map_or(words.len(), |offset| index + offset);
                line(&via, &words[index..end])
            }
        },
        "su" | "runuser" | "script" => command_option(&via, words),
        "find" => find_exec(words),
        "busybox" => argv(&via, words),
        shell if is_shell(shell) => shell_command(shell, words),
        _ => Vec::new(),
    }
}

enum Scan {
    /// Options end here: the word at this index is the first positional one (or the end).
    Positional(usize),
    /// A word at this index is not static, so where the options end cannot be known.
    Unknown(usize),
}

/// Skips leading options; letters in `short` and names in `long` take a value (attached or the next word).
fn skip_options(words: &[WordValue], short: &str, long: &[&str]) -> Scan {
    let mut index = 0;
    while index < words.len() {
        let word = &words[index];
        if !word.is_static {
            return Scan::Unknown(index);
        }
        let text = word.value.as_str();
        if text == "--" {
            return Scan::Positional(index + 1);
        }
        if text.len() < 2 || !text.starts_with('-') {
            return Scan::Positional(index);
        }
        index += 1;
        if text.starts_with("--") {
            if !text.contains('=') && long.contains(&text) {
                index += 1;
            }
            continue;
        }
        for (position, letter) in text.char_indices().skip(1) {
            if short.contains(letter) {
                if position + letter.len_utf8() == text.len() {
                    index += 1;
                }
                break;
            }
        }
    }
    Scan::Positional(words.len().min(index))
}

fn has_option(words: &[WordValue], names: &[&str]) -> bool {
    words.iter().any(|word| names.iter().any(|name| word.value == *name || word.value.starts_with(&format!("{name}="))))
}

fn argv(via: &str, words: &[WordValue]) -> Vec<Wrapped> {
    if words.is_empty() {
        return Vec::new();
    }
    vec![Wrapped::Argv { via: via.to_owned(), words: words.to_vec(), assignments: Vec::new() }]
}

fn unknown(via: &str, words: &[WordValue]) -> Vec<Wrapped> {
    let raw = words.iter().map(|word| word.raw.as_str()).collect::<Vec<_>>().join(" ");
    vec![Wrapped::Unknown { via: via.to_owned(), raw }]
}

/// Joins words into a line to parse, as `eval` does; not static words make the line unknowable.
fn line(via: &str, words: &[WordValue]) -> Vec<Wrapped> {
    if words.is_empty() {
        return Vec::new();
    }
    if words.iter().any(|word| !word.is_static) {
        return unknown(via, words);
    }
    let text = words.iter().map(|word| word.value.as_str()).collect::<Vec<_>>().join(" ");
    vec![Wrapped::Line { via: via.to_owned(), text }]
}

/// `NAME=value` words before the command are assignments for it (`sudo A=1 ls`, `env A=1 ls`).
fn with_assignments(via: &str, words: &[WordValue]) -> Vec<Wrapped> {
    let mut assignments = Vec::new();
    let mut index = 0;
    while let Some(word) = words.get(index) {
        let Some((name, value)) = word.value.split_once('=') else {
            break;
        };
        if !word.is_static || !is_name(name) {
            break;
        }
        assignments.push((name.to_owned(), WordValue::literal(value)));
        index += 1;
    }
    match words.get(index) {
        None => Vec::new(),
        Some(_) => vec![Wrapped::Argv { via: via.to_owned(), words: words[index..].to_vec(), assignments }],
    }
}

fn is_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Skips options, then `count` positional words (`timeout 5`, `chroot dir`), then the rest is the command.
fn after_positionals(via: &str, words: &[WordValue], short: &str, long: &[&str], count: usize) -> Vec<Wrapped> {
    match skip_options(words, short, long) {
        Scan::Unknown(index) => unknown(via, &words[index..]),
        Scan::Positional(index) => {
            let start = index + count;
            if start >= words.len() {
                return Vec::new();
            }
            if words[index..start].iter().any(|word| !word.is_static) {
                return unknown(via, &words[index..]);
            }
            argv(via, &words[start..])
        }
    }
}

fn env(words: &[WordValue]) -> Vec<Wrapped> {
    let mut index = 0;
    while let Some(word) = words.get(index) {
        if !word.is_static {
            return unknown("env", &words[index..]);
        }
        let text = word.value.as_str();
        let split = if let Some(rest) = text.strip_prefix("--split-string=") {
            Some((rest.to_owned(), index + 1))
        } else if text == "-S" || text == "--split-string" {
            words.get(index + 1).map(|next| (next.value.clone(), index + 2))
        } else if text.starts_with('-') && !text.starts_with("--") && text.contains('S') {
            let attached = text.split_once('S').map(|(_, rest)| rest.to_owned()).unwrap_or_default();
            if attached.is_empty() {
                words.get(index + 1).map(|next| (next.value.clone(), index + 2))
            } else {
                Some((attached, index + 1))
            }
        } else {
            None
        };
        if let Some((string, rest)) = split {
            let rest_words = words.get(rest..).unwrap_or_default();
            let string_word = words.get(rest - 1).filter(|_| text == "-S" || text == "--split-string");
            if rest_words.iter().chain(string_word).any(|word| !word.is_static) {
                return unknown("env -S", &words[index..]);
            }
            let mut joined = string;
            for word in rest_words {
                joined.push(' ');
                joined.push_str(&word.value);
            }
            return vec![Wrapped::Line { via: "env -S".to_owned(), text: joined }];
        }
        if text == "--" {
            index += 1;
            break;
        }
        if text.len() < 2 || !text.starts_with('-') {
            break;
        }
        index += 1;
        let takes_value = matches!(text, "-u" | "-C" | "--unset" | "--chdir");
        if takes_value {
            index += 1;
        }
    }
    with_assignments("env", words.get(index..).unwrap_or_default())
}

/// `su -c '…'`, `script -qc '…'`: the `-c` option's value is a command line. Short options cluster as getopt reads
/// them: in `-qc cmd` the value is the next word, in `-qccmd` it is the rest of the cluster.
fn command_option(via: &str, words: &[WordValue]) -> Vec<Wrapped> {
    let label = format!("{via} -c");
    // Short options (other than -c) whose value would otherwise be mistaken for the command line.
    let valued: &str = if via == "script" { "EIOBTm" } else { "sgGw" };
    let mut index = 0;
    while let Some(word) = words.get(index) {
        if !word.is_static && word.raw.starts_with('-') {
            return unknown(&label, &words[index..]);
        }
        let text = word.value.as_str();
        index += 1;
        if let Some(value) = text.strip_prefix("--command=") {
            return vec![Wrapped::Line { via: label, text: value.to_owned() }];
        }
        if text == "--command" {
            return line(&label, &words[index..(index + 1).min(words.len())]);
        }
        if text == "--" {
            break;
        }
        let Some(cluster) = text.strip_prefix('-').filter(|c| !c.is_empty() && !c.starts_with('-')) else {
            continue;
        };
        for (position, option) in cluster.char_indices() {
            let rest = &cluster[position + option.len_utf8()..];
            if option == 'c' {
                if !rest.is_empty() {
                    return vec![Wrapped::Line { via: label, text: rest.to_owned() }];
                }
                return line(&label, &words[index..(index + 1).min(words.len())]);
            }
            if valued.contains(option) {
                if rest.is_empty() {
                    index += 1;
                }
                break;
            }
        }
    }
    Vec::new()
}

/// `find … -exec cmd {} ;`: every `-exec`, `-execdir`, `-ok` and `-okdir` runs a command.
fn find_exec(words: &[WordValue]) -> Vec<Wrapped> {
    let mut out = Vec::new();
    let mut index = 0;
    while index < words.len() {
        let predicate = words[index].value.as_str();
        index += 1;
        if !matches!(predicate, "-exec" | "-execdir" | "-ok" | "-okdir") {
            continue;
        }
        let start = index;
        while index < words.len() && !matches!(words[index].value.as_str(), ";" | "+") {
            index += 1;
        }
        out.extend(argv(&format!("find {predicate}"), &words[start..index]));
        index += 1;
    }
    out
}

/// A shell runs its `-c` string; without `-c` it runs a script or its input, which policies judge.
fn shell_command(shell: &str, words: &[WordValue]) -> Vec<Wrapped> {
    let via = format!("{shell} -c");
    // fish reads its options in any order and runs `-C`'s text first, in a grammar of its own.
    let command_option = |text: &str| text == "-c" || text == "--command" || text.starts_with("--command=");
    if shell == "fish" && words.iter().any(|word| word.value.starts_with('-') && !command_option(&word.value)) {
        return unknown(&via, words);
    }
    let mut has_command_option = false;
    let mut index = 0;
    while let Some(word) = words.get(index) {
        if !word.is_static {
            return unknown(&via, &words[index..]);
        }
        let text = word.value.as_str();
        index += 1;
        if text == "--" || text == "-" {
            break;
        }
        if let Some(value) = text.strip_prefix("--command=") {
            return in_grammar(shell, vec![Wrapped::Line { via, text: value.to_owned() }]);
        }
        if text == "--command" {
            return in_grammar(shell, line(&via, words.get(index..(index + 1).min(words.len())).unwrap_or_default()));
        }
        // fish's `-C` runs its value first; in the other shells it is `noclobber`, a switch.
        if matches!(text, "-o" | "+o" | "-O" | "+O" | "--rcfile" | "--init-file" | "--init-command")
            || (text == "-C" && shell == "fish")
        {
            index += 1;
            continue;
        }
        if text.starts_with("--") {
            continue;
        }
        if (text.starts_with('-') || text.starts_with('+')) && text.len() > 1 {
            if text.starts_with('-') && text.contains('c') {
                has_command_option = true;
            }
            // `-o` and `-O` take the next word even inside a bundle (`-co pipefail 'cmd'`).
            index += text.chars().skip(1).filter(|letter| matches!(letter, 'o' | 'O')).count();
            continue;
        }
        index -= 1;
        break;
    }
    if !has_command_option {
        return Vec::new();
    }
    in_grammar(shell, line(&via, words.get(index..(index + 1).min(words.len())).unwrap_or_default()))
}

/// The command line `shell` runs, marked when `shell` may read it otherwise than bash.
fn in_grammar(shell: &str, mut wrapped: Vec<Wrapped>) -> Vec<Wrapped> {
    if let [Wrapped::Line { via, text }] = wrapped.as_mut_slice()
        && reads_differently(shell, text)
    {
        let (via, text) = (std::mem::take(via), std::mem::take(text));
        return vec![Wrapped::OtherGrammar { via, shell: shell.to_owned(), text }];
    }
    wrapped
}

/// Whether `shell` may read `text` otherwise than bash, whose grammar the engine parses it with: `((cmd))` is
/// arithmetic in bash but two subshells in dash, and `[[ a || cmd ]]` a test in bash but a command list in dash;
/// dash has no `$'…'` or `$[…]`, and ends `${x:-…}` at the first `}` even inside quotes; zsh runs code from
/// parameter flags, glob qualifiers and `NULLCMD` (`${(e)x}`, `*(e:…:)`, `> f`) and has its own redirections (`>!`);
/// fish and csh have grammars of their own.
fn reads_differently(shell: &str, text: &str) -> bool {
    let bare = |opener: &str| text.match_indices(opener).any(|(at, _)| !text[..at].ends_with('$'));
    match shell {
        "bash" | "rbash" => false,
        "zsh" => {
            ["${(", "(e", "(+", "=(", ">!", ">&!", "NULLCMD"].iter().any(|form| text.contains(form))
                || (text.contains("${") && text.contains('\''))
        }
        "fish" | "csh" | "tcsh" => true,
        _ => {
            bare("((")
                || ["$'", "$\"", "[[", "$["].iter().any(|form| text.contains(form))
                || (text.contains("${") && text.contains('\''))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literal(line: &str) -> Vec<WordValue> {
        line.split_whitespace().map(WordValue::literal).collect()
    }

    fn first_argv(executable: &str, line: &str) -> Option<String> {
        unwrap(executable, &literal(line)).into_iter().find_map(|wrapped| match wrapped {
            Wrapped::Argv { words, .. } => {
                Some(words.iter().map(|word| word.value.as_str()).collect::<Vec<_>>().join(" "))
            }
            _ => None,
        })
    }

    #[test]
    fn value_taking_options_are_skipped() {
        assert_eq!(first_argv("sudo", "-u root ls -l").as_deref(), Some("ls -l"));
        assert_eq!(first_argv("timeout", "-s KILL 5 ls").as_deref(), Some("ls"));
        assert_eq!(first_argv("nice", "-n 10 ls").as_deref(), Some("ls"));
        assert_eq!(first_argv("env", "-u X A=1 ls").as_deref(), Some("ls"));
        assert_eq!(first_argv("xargs", "-I{} -n1 rm").as_deref(), Some("rm"));
        assert_eq!(first_argv("xargs", "-I {} rm {}").as_deref(), Some("rm {}"));
        assert_eq!(first_argv("flock", "-w 5 lockfile cmd").as_deref(), Some("cmd"));
        assert_eq!(first_argv("chroot", "dir cmd").as_deref(), Some("cmd"));
        assert_eq!(first_argv("strace", "-o f cmd").as_deref(), Some("cmd"));
        assert_eq!(first_argv("stdbuf", "-oL cmd").as_deref(), Some("cmd"));
        assert_eq!(first_argv("find", ". -name x -exec rm {} ;").as_deref(), Some("rm {}"));
        // Options whose value can only be attached never swallow the command.
        assert_eq!(first_argv("xargs", "-i rm {}").as_deref(), Some("rm {}"));
        assert_eq!(first_argv("strace", "--quiet rm x").as_deref(), Some("rm x"));
        let lines: Vec<String> = unwrap("parallel", &literal("--halt now,fail=1 rm ::: a"))
            .into_iter()
            .filter_map(|wrapped| match wrapped {
                Wrapped::Line { text, .. } => Some(text),
                _ => None,
            })
            .collect();
        assert_eq!(lines, ["rm"]);
    }

    #[test]
    fn sudo_long_options_are_read_before_looking_for_list_mode() {
        assert!(unwrap("sudo", &literal("--user root -l")).is_empty());
        assert_eq!(first_argv("sudo", "--user root rm x").as_deref(), Some("rm x"));
    }

    #[test]
    fn command_lookup_runs_nothing() {
        assert!(unwrap("command", &literal("-v ls")).is_empty());
        assert_eq!(first_argv("command", "ls").as_deref(), Some("ls"));
    }

    #[test]
    fn trapped_text_is_a_line_after_an_end_of_options() {
        for line_text in ["'sudo ls' EXIT", "-- 'sudo ls' EXIT"] {
            let words: Vec<WordValue> = if line_text.starts_with("--") {
                vec![WordValue::literal("--"), WordValue::literal("sudo ls"), WordValue::literal("EXIT")]
            } else {
                vec![WordValue::literal("sudo ls"), WordValue::literal("EXIT")]
            };
            let wrapped = unwrap("trap", &words);
            assert!(matches!(wrapped.as_slice(), [Wrapped::Line { text, .. }] if text == "sudo ls"), "{line_text}");
        }
        assert!(unwrap("trap", &literal("- EXIT")).is_empty());
    }

    #[test]
    fn shell_options_end_at_the_first_operand() {
        // `bash script.sh -c x` runs the script; `-co pipefail` gives `-o` its value before the command string.
        assert!(shell_command("bash", &literal("./evil.sh -c true")).is_empty());
        let bundled = shell_command("bash", &literal("-co pipefail ls"));
        assert!(matches!(bundled.as_slice(), [Wrapped::Line { text, .. }] if text == "ls"));
    }

    #[test]
    fn text_another_shell_reads_otherwise_is_unknown() {
        for (shell, text) in [
            ("sh", "((touch /tmp/pw))"),
            ("dash", "echo $'\\' ; sudo ls ; echo '\\'"),
            ("zsh", "echo ${(e)x}"),
            ("zsh", "ls *(e:'sudo ls':)"),
            ("fish", "echo 'a\\' ; sudo ls ; echo '\\'"),
            ("fish", "set -x GIT_CONFIG_GLOBAL ./gc"),
            ("sh", "[[ x || ./evil.sh -ef x ]]"),
            ("sh", "echo $[1;./evil.sh]"),
            ("dash", "echo \"${x:-'}\"; sudo ls; echo \"'}\""),
            ("zsh", "echo x >! .git/config"),
            ("tcsh", "ls"),
        ] {
            let words = vec![WordValue::literal("-c"), WordValue::literal(text)];
            assert!(
                matches!(shell_command(shell, &words).as_slice(), [Wrapped::OtherGrammar { .. }]),
                "{shell} {text}"
            );
        }
        let fish_command = literal("--command=ls");
        assert!(matches!(shell_command("fish", &fish_command).as_slice(), [Wrapped::OtherGrammar { .. }]));
        let fish_init = vec![WordValue::literal("-C'sudo ls'"), WordValue::literal("-c"), WordValue::literal("ls")];
        assert!(matches!(shell_command("fish", &fish_init).as_slice(), [Wrapped::Unknown { .. }]));
        for (shell, text) in
            [("sh", "ls && make test"), ("sh", "echo $((1 + 2))"), ("bash", "((x++))"), ("zsh", "echo $(date) (x)")]
        {
            let words = vec![WordValue::literal("-c"), WordValue::literal(text)];
            assert!(matches!(shell_command(shell, &words).as_slice(), [Wrapped::Line { .. }]), "{shell} {text}");
        }
    }

    #[test]
    fn shell_command_strings_are_lines() {
        for (shell, line_words) in
            [("bash", "-c ls"), ("sh", "-lc ls"), ("zsh", "-ec ls"), ("bash", "-o pipefail -c ls")]
        {
            assert_eq!(
                unwrap(shell, &literal(line_words)),
                vec![Wrapped::Line { via: format!("{shell} -c"), text: "ls".to_owned() }],
                "{shell} {line_words}"
            );
        }
        assert!(unwrap("bash", &literal("script.sh")).is_empty());
    }

    #[test]
    fn non_static_code_is_unknown() {
        let words = vec![WordValue::literal("-c"), WordValue { raw: "\"$X\"".to_owned(), ..WordValue::default() }];
        assert!(matches!(unwrap("bash", &words).as_slice(), [Wrapped::Unknown { .. }]));
        let dynamic_option =
            vec![WordValue { raw: "$OPT".to_owned(), ..WordValue::default() }, WordValue::literal("ls")];
        assert!(matches!(unwrap("sudo", &dynamic_option).as_slice(), [Wrapped::Unknown { .. }]));
    }

    #[test]
    fn env_split_string_is_a_line() {
        assert_eq!(
            unwrap("env", &[WordValue::literal("-S"), WordValue::literal("rm -rf x")]),
            vec![Wrapped::Line { via: "env -S".to_owned(), text: "rm -rf x".to_owned() }]
        );
    }
}
