//! Values that reach the line from outside it, followed to the places where bash reads a value as code.
//!
//! Bash evaluates a variable's value as arithmetic wherever it uses the variable in arithmetic (`$((x))`,
//! `(( x ))`, `let`, `[[ x -eq 1 ]]`, subscripts, substring offsets, `declare -i`), and as a variable name in
//! `${!x}`, namerefs and the builtins that take names (`declare "$x"`, `read "$x"`, `printf -v "$x"`,
//! `test -v "$x"`). Both evaluations expand an array subscript in the value, so a value such as `a[$(cmd)]` runs
//! `cmd`. The line itself never shows that text when it comes from a file, from a program's output or from a file
//! name: `x=$(cat f); echo $((x))` runs whatever `f` holds.
//!
//! Owns which variables may hold such text (set by `read`, by a substitution whose output is not a plain number,
//! by a loop over file names or program output, or copied from one of those) and whether one of them, or such an
//! output directly, is read as code. Order on the line is ignored: a variable set anywhere counts everywhere,
//! which also covers loops that run a later assignment before an earlier use. Variables the line does not set
//! come from the environment the user gave the assistant, and are not followed.

use std::collections::BTreeSet;
use std::io::BufReader;

use brush_parser::ast::{self, Command, CommandPrefixOrSuffixItem};
use brush_parser::{Parser, ParserOptions};

use super::words::{self, Substitution, WordValue};

const PROGRAM_OUTPUT: &str = "a program's output";

/// The name under which the positional parameters (`$1`, `$@`, `$0`, `$_`) are followed: they hold words of
/// commands, which may be anything.
pub const POSITIONAL: &str = "@";

/// What the walk learned about variables and the places that read values as code.
#[derive(Debug, Default)]
pub struct Taint {
    /// Variables set from outside the line, with how.
    outside: Vec<(String, &'static str)>,
    /// Assignments: (variable, the variables its value is made from).
    copies: Vec<(String, Vec<String>)>,
    /// Variables whose values bash reads as arithmetic or as a variable name.
    read_as_code: BTreeSet<String>,
    /// Variables with the integer attribute: every value assigned to them is evaluated as arithmetic.
    integers: BTreeSet<String>,
    /// Substitutions whose output bash reads as arithmetic or as a name, and does not print only numbers.
    outputs_read_as_code: Vec<String>,
    /// The programs whose output was taken to be a number.
    trusted_programs: BTreeSet<String>,
}

impl Taint {
    /// Records an assignment of `value` to `name` (a subscript is dropped: `a[1]=…` sets `a`).
    pub fn assign(&mut self, name: &str, value: &WordValue, options: &ParserOptions) {
        let name = base_name(name);
        if self.output_from_outside(&value.substitutions, options) {
            self.outside.push((name.to_owned(), PROGRAM_OUTPUT));
        }
        // Pieces of code kept in variables can be put together (`D='$'; test -v "a[${D}(cmd)]"`).
        if value.is_static && value.value.contains(['$', '`', '(', '[']) {
            self.outside.push((name.to_owned(), "text holding `$`, `(` or `[`"));
        }
        let mut sources = value.references.clone();
        // Bash evaluates a name found in a value again (`y=x; $((y))` reads `x`).
        sources.extend(arithmetic_names(&value.value));
        self.copies.push((name.to_owned(), sources));
    }

    /// Records a variable set from outside the line: by `read`, or by a loop over file names or program output.
    pub fn set_from_outside(&mut self, name: &str, how: &'static str) {
        self.outside.push((base_name(name).to_owned(), how));
    }

    /// Records a loop variable taking each of `values`.
    pub fn loop_over(&mut self, name: &str, values: &[WordValue], options: &ParserOptions) {
        for value in values {
            if self.output_from_outside(&value.substitutions, options) {
                self.set_from_outside(name, PROGRAM_OUTPUT);
            } else if value.globs {
                self.set_from_outside(name, "a loop over file names");
            }
            self.copies.push((name.to_owned(), value.references.clone()));
        }
    }

    /// Records what expanding `word` reads as code: variables and substitutions inside its arithmetic and
    /// indirections.
    pub fn word_read(&mut self, word: &WordValue, options: &ParserOptions) {
        self.read_as_code.extend(word.evaluated_names.iter().cloned());
        self.outputs_read(&word.evaluated_outputs, options);
    }

    /// Records a word whose value bash reads as arithmetic or as a name (`"$x"` in `declare "$x"`, `$x` in
    /// `[[ $x -eq 1 ]]`).
    pub fn value_read(&mut self, word: &WordValue, options: &ParserOptions) {
        self.read_as_code.extend(word.references.iter().cloned());
        self.read_as_code.extend(arithmetic_names(&word.value));
        if let Some(substitution) = unsafe_output(&word.substitutions, options) {
            self.outputs_read_as_code.push(substitution.text.clone());
        }
    }

    /// Records arithmetic text: every name in it is read as arithmetic.
    pub fn arithmetic_read(&mut self, text: &str) {
        self.read_as_code.extend(arithmetic_names(text));
    }

    pub fn integer(&mut self, name: &str) {
        self.integers.insert(base_name(name).to_owned());
    }

    fn outputs_read(&mut self, outputs: &[String], options: &ParserOptions) {
        for text in outputs {
            match counting_program(text, options) {
                Some(program) => {
                    self.trusted_programs.insert(program);
                }
                None => self.outputs_read_as_code.push(text.clone()),
            }
        }
    }

    /// Whether any command substitution among `substitutions` may print more than a number. The counting programs
    /// trusted on the way are remembered, to be checked against the functions the line defines: `wc() { cat f; }`
    /// makes `$(wc -l)` anything.
    fn output_from_outside(&mut self, substitutions: &[Substitution], options: &ParserOptions) -> bool {
        let mut outside = false;
        for substitution in substitutions.iter().filter(|substitution| prints_output(substitution)) {
            match counting_program(&substitution.text, options) {
                Some(program) => {
                    self.trusted_programs.insert(program);
                }
                None => outside = true,
            }
        }
        outside
    }

    /// Why the line may run code hidden in a value from outside it, if it may. `functions` are the names the line
    /// defines as functions.
    pub fn finding(&self, functions: &[String]) -> Option<String> {
        if let Some(shadowed) = functions.iter().find(|name| self.trusted_programs.contains(*name)) {
            return Some(format!(
                "the line defines a function `{shadowed}`, so what `$({shadowed} …)` prints is not known to be a \
                 number where bash reads it as arithmetic or a variable name"
            ));
        }
        if let Some(text) = self.outputs_read_as_code.first() {
            return Some(format!(
                "the output of `{text}` is read as arithmetic or as a variable name, where an array subscript in it \
                 (`a[$(…)]`) would run a command; use the output only as text, or check that it is a number first"
            ));
        }
        let mut tainted: Vec<(String, &'static str)> = Vec::new();
        let mut frontier: Vec<(String, &'static str)> = self.outside.clone();
        while let Some((name, how)) = frontier.pop() {
            if tainted.iter().any(|(known, _)| *known == name) {
                continue;
            }
            for (copy, sources) in &self.copies {
                if sources.contains(&name) {
                    frontier.push((copy.clone(), how));
                }
            }
            tainted.push((name, how));
        }
        let (name, how) =
            tainted.into_iter().find(|(name, _)| self.read_as_code.contains(name) || self.integers.contains(name))?;
        Some(format!(
            "`{name}` holds text from outside the command line ({how}), and bash reads it as arithmetic or as a \
             variable name, where an array subscript in it (`a[$(…)]`) would run a command; use the value only as \
             text, or check that it is a number first"
        ))
    }
}

/// `a[1]` → `a`.
fn base_name(name: &str) -> &str {
    name.split_once('[').map_or(name, |(base, _)| base)
}

/// A command substitution (`$(…)`, `` `…` ``), whose output becomes part of the word; not a process substitution.
fn prints_output(substitution: &Substitution) -> bool {
    matches!(substitution.via, "$()" | "`…`")
}

/// The first command substitution whose output is not known to be a plain number.
fn unsafe_output<'a>(substitutions: &'a [Substitution], options: &ParserOptions) -> Option<&'a Substitution> {
    substitutions
        .iter()
        .filter(|substitution| prints_output(substitution))
        .find(|substitution| counting_program(&substitution.text, options).is_none())
}

/// The last simple command of a one-pipeline command line, as static words; None for anything else.
fn last_command(text: &str, options: &ParserOptions) -> Option<Vec<String>> {
    let mut parser = Parser::new(BufReader::new(text.as_bytes()), options);
    let program = parser.parse_program().ok()?;
    let [list] = program.complete_commands.as_slice() else { return None };
    let [ast::CompoundListItem(and_or, _)] = list.0.as_slice() else { return None };
    if !and_or.additional.is_empty() {
        return None;
    }
    let Some(Command::Simple(simple)) = and_or.first.seq.last() else { return None };
    if simple
        .prefix
        .iter()
        .flat_map(|prefix| prefix.0.iter())
        .any(|item| !matches!(item, CommandPrefixOrSuffixItem::IoRedirect(_)))
    {
        return None;
    }
    let name = simple.word_or_name.as_ref()?;
    let mut argv = vec![words::evaluate(&name.value, options)];
    for item in simple.suffix.iter().flat_map(|suffix| suffix.0.iter()) {
        match item {
            CommandPrefixOrSuffixItem::IoRedirect(_) => {}
            CommandPrefixOrSuffixItem::Word(word) => argv.push(words::evaluate(&word.value, options)),
            _ => return None,
        }
    }
    argv.iter().all(|word| word.is_static).then(|| argv.into_iter().map(|word| word.value).collect())
}

/// The program whose output is all a command line prints, when that output can only hold numbers and the text of
/// its own static arguments: the last command is a counting program (`wc`, `grep -c`, `nproc`, `date`, `seq`,
/// `expr`, `id -u`, `stat -c`, `git rev-list --count`) with static words free of subscripts, globs and escapes, and
/// of the options that make those programs print file names or file contents. Programs that decode escapes
/// (`echo -e`, `printf`) are not among them. None for any other line.
fn counting_program(text: &str, options: &ParserOptions) -> Option<String> {
    let argv = last_command(text, options)?;
    if argv.iter().any(|word| word.contains(['[', '*', '?', '$', '`', '\\'])) {
        return None;
    }
    let program = argv[0].rsplit('/').next().unwrap_or_default();
    let words: Vec<&str> = argv[1..].iter().map(String::as_str).collect();
    let options_given = || words.iter().filter(|word| word.starts_with('-') && word.len() > 1);
    let short_flag = |flag: char| options_given().any(|word| !word.starts_with("--") && word.contains(flag));
    let counts = match program {
        "nproc" | "seq" | "expr" => true,
        "id" => ["-u", "-g", "-G"].iter().any(|flag| words.contains(flag)) && !short_flag('n'),
        // A format of numbers and the names given; `%N` would add where a link points.
        "stat" => {
            words.iter().any(|word| word.starts_with("-c") || word.starts_with("--format"))
                && !words.iter().any(|word| word.contains("%N") || word.starts_with("--printf"))
        }
        "git" => words.first() == Some(&"rev-list") && words.contains(&"--count"),
        // `--files0-from` (and its abbreviations) names the files, and so prints their names.
        "wc" => !options_given().any(|word| word.starts_with("--f")),
        "date" => !short_flag('f') && !options_given().any(|word| word.starts_with("--f")),
        // Counts, with only options that neither recurse nor print names.
        "grep" => {
            let counts = short_flag('c') || words.contains(&"--count");
            let harmless = options_given().all(|word| {
                if let Some(long) = word.strip_prefix("--") {
                    matches!(
                        long,
                        "count"
                            | "ignore-case"
                            | "invert-match"
                            | "word-regexp"
                            | "line-regexp"
                            | "fixed-strings"
                            | "extended-regexp"
                            | "no-filename"
                    )
                } else {
                    word.chars().skip(1).all(|letter| "civwxFEGsqh".contains(letter))
                }
            });
            counts && harmless
        }
        _ => false,
    };
    counts.then(|| program.to_owned())
}

/// The names bash would read as variables in arithmetic text: bare names and `$name`, `${name…}`, but not what
/// substitutions inside it run (their output is followed separately).
pub fn arithmetic_names(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut names = Vec::new();
    let mut index = 0;
    while index < chars.len() {
        let c = chars[index];
        if c == '$' && chars.get(index + 1) == Some(&'(') && chars.get(index + 2) != Some(&'(') {
            index = skip_substitution(&chars, index + 2);
            continue;
        }
        // `$1`, `${2}`, `$@`, `$*`, `$0`: the positional parameters, followed as one name.
        if c == '$' {
            let at = if chars.get(index + 1) == Some(&'{') { index + 2 } else { index + 1 };
            if chars.get(at).is_some_and(|next| next.is_ascii_digit() || matches!(next, '@' | '*')) {
                names.push(POSITIONAL.to_owned());
                index = at + 1;
                continue;
            }
        }
        if c == '`' {
            index += 1;
            while index < chars.len() && chars[index] != '`' {
                index += if chars[index] == '\\' { 2 } else { 1 };
            }
            index += 1;
            continue;
        }
        if is_name_start(c)
            && !index.checked_sub(1).is_some_and(|before| is_name_char(chars[before]) || chars[before] == '#')
        {
            let start = index;
            while index < chars.len() && is_name_char(chars[index]) {
                index += 1;
            }
            let name: String = chars[start..index].iter().collect();
            names.push(if name == "_" { POSITIONAL.to_owned() } else { name });
            continue;
        }
        index += 1;
    }
    names
}

/// The index just past the `)` that closes a `$(` whose body starts at `index`; quotes inside are skipped whole.
fn skip_substitution(chars: &[char], mut index: usize) -> usize {
    let mut depth = 1;
    while index < chars.len() {
        match chars[index] {
            '\\' => index += 1,
            '\'' => {
                index += 1;
                while index < chars.len() && chars[index] != '\'' {
                    index += 1;
                }
            }
            '"' => {
                index += 1;
                while index < chars.len() && chars[index] != '"' {
                    index += if chars[index] == '\\' { 2 } else { 1 };
                }
            }
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return index + 1;
                }
            }
            _ => {}
        }
        index += 1;
    }
    index
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::{arithmetic_names, counting_program};
    use brush_parser::ParserOptions;

    #[test]
    fn names_in_arithmetic_skip_what_substitutions_run() {
        assert_eq!(arithmetic_names("x + $y * ${z} - a[i]"), ["x", "y", "z", "a", "i"]);
        assert_eq!(arithmetic_names("0x1f + 16#ff + ${#s}"), Vec::<String>::new());
        assert_eq!(arithmetic_names("total + $(wc -l < \"$f\") + `cat $g`"), ["total"]);
        assert_eq!(arithmetic_names("$(( n + 1 ))"), ["n"]);
        assert_eq!(arithmetic_names("$(echo \")\" ) + m"), ["m"]);
    }

    #[test]
    fn counting_programs_print_only_numbers() {
        let options = ParserOptions::default();
        for text in
            ["wc -l < f", "cat f | wc -l", "grep -c x f", "date +%s", "nproc", "git log | grep -ci fix", "seq 3"]
        {
            assert!(counting_program(text, &options).is_some(), "{text}");
        }
        for text in [
            "cat f",
            "wc -l *.rs",
            "grep -rc x .",
            "echo $x",
            "echo 'a[1]'",
            "echo 5",
            "printf 'a\\x5b'",
            "grep -c a --recur",
            "grep -cH a f",
            "wc -l --files0=list",
            "stat --printf=%s f",
            "wc -l f; cat g",
            "x=1 cat f",
            "date -f dates.txt",
            "head -1 f",
        ] {
            assert!(counting_program(text, &options).is_none(), "{text}");
        }
    }
}
