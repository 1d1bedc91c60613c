//! The walk over brush's syntax tree that lists every command a line would execute, in execution order.
//!
//! Owns traversal order, `via` contexts, function scoping and the depth and count limits during the walk.
//! Must not judge commands: it only describes them.

use std::collections::HashMap;
use std::io::BufReader;

use brush_parser::ast::{
    self, Command, CommandPrefixOrSuffixItem, CompoundCommand, CompoundList, ExtendedTestExpr, IoFileRedirectKind,
    IoFileRedirectTarget, IoRedirect, ProcessSubstitutionKind,
};
use brush_parser::{Parser, ParserOptions};

use super::command::{ExecutedCommand, Redirect};
use super::nesting::max_nesting;
use super::options::classify;
use super::parser_hazards::parser_hazard;
use super::taint::{POSITIONAL, Taint};
use super::words::{self, Substitution, WordValue};
use super::wrappers::{self, Wrapped};
use super::{Limits, Problem, ProblemKind};

pub struct Walker<'a> {
    limits: &'a Limits,
    options: ParserOptions,
    pub commands: Vec<ExecutedCommand>,
    pub problems: Vec<Problem>,
    /// Functions defined so far in the current shell, whose calls run a body already walked.
    functions: Vec<String>,
    /// Functions whose bodies are being walked, innermost last.
    defining: Vec<String>,
    /// Every statically named function the line defines, wherever the definition is.
    defined: Vec<String>,
    /// Names called from function bodies, as (function, name called); finds functions that call themselves.
    calls: Vec<(String, String)>,
    via: Vec<String>,
    depth: usize,
    /// Values from outside the line and the places that read values as code.
    taint: Taint,
    /// The text of each line being walked, innermost last, as characters (where brush's positions point).
    sources: Vec<Vec<char>>,
}

impl<'a> Walker<'a> {
    pub fn new(limits: &'a Limits) -> Self {
        let options = ParserOptions { enable_extended_globbing: false, ..ParserOptions::default() };
        Walker {
            limits,
            options,
            commands: Vec::new(),
            problems: Vec::new(),
            functions: Vec::new(),
            defining: Vec::new(),
            defined: Vec::new(),
            calls: Vec::new(),
            via: Vec::new(),
            depth: 0,
            taint: Taint::default(),
            sources: Vec::new(),
        }
    }

    fn problem(&mut self, kind: ProblemKind, message: String) {
        if kind != ProblemKind::ParseError && self.problems.iter().any(|problem| problem.kind == kind) {
            return;
        }
        self.problems.push(Problem { kind, message });
    }

    fn stopped(&self) -> bool {
        self.problems.iter().any(|problem| matches!(problem.kind, ProblemKind::TooManyCommands | ProblemKind::TooDeep))
    }

    /// Goes one level deeper; false (with a problem) when that passes the limit.
    fn enter(&mut self) -> bool {
        if self.depth >= self.limits.max_depth {
            let limit = self.limits.max_depth;
            self.problem(ProblemKind::TooDeep, format!("the command nests deeper than {limit} levels"));
            return false;
        }
        self.depth += 1;
        true
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Parses and walks a command line: the whole input, or the text of a substitution or `-c` string.
    pub fn run_line(&mut self, text: &str, context: &str) {
        if self.stopped() {
            return;
        }
        let remaining = self.limits.max_depth.saturating_sub(self.depth);
        let nesting = max_nesting(text);
        if nesting > remaining {
            let limit = self.limits.max_depth;
            self.problem(ProblemKind::TooDeep, format!("{context} nests deeper than {limit} levels"));
            return;
        }
        if let Some((kind, message)) = unsafe_to_parse(text) {
            self.problem(kind, format!("cannot parse {context}: {message}"));
            return;
        }
        let mut parser = Parser::new(BufReader::new(text.as_bytes()), &self.options);
        let program = match parser.parse_program() {
            Ok(program) => program,
            Err(err) => {
                let message = err.to_string();
                self.problem(ProblemKind::ParseError, format!("cannot parse {context}: {message}"));
                // The line stays refused, but what bash would still run is walked so that a denial shows.
                if let Some(recovered) = recover(text, &message)
                    && unsafe_to_parse(&recovered).is_none()
                {
                    let mut parser = Parser::new(BufReader::new(recovered.as_bytes()), &self.options);
                    if let Ok(program) = parser.parse_program() {
                        self.sources.push(recovered.chars().collect());
                        for complete in &program.complete_commands {
                            self.walk_list(complete, true);
                        }
                        self.sources.pop();
                    }
                }
                return;
            }
        };
        if let Some(message) = super::rejected::rejected_by_bash(text, &self.options) {
            self.problem(ProblemKind::ParseError, format!("cannot parse {context}: {message}"));
            return;
        }
        self.sources.push(text.chars().collect());
        for complete in &program.complete_commands {
            self.walk_list(complete, true);
        }
        self.sources.pop();
    }

    fn walk_list(&mut self, list: &CompoundList, top: bool) {
        for item in &list.0 {
            // Past a limit the line is refused whatever follows; walking the rest would only cost time.
            if self.stopped() {
                return;
            }
            let ast::CompoundListItem(and_or, separator) = item;
            self.walk_pipeline(&and_or.first);
            for next in &and_or.additional {
                let (ast::AndOr::And(pipeline) | ast::AndOr::Or(pipeline)) = next;
                self.walk_pipeline(pipeline);
            }
            // A function defined unconditionally in this shell: later calls run the body walked here.
            let sequential = matches!(separator, ast::SeparatorOperator::Sequence);
            if top
                && sequential
                && and_or.additional.is_empty()
                && and_or.first.seq.len() == 1
                && let Some(Command::Function(definition)) = and_or.first.seq.first()
            {
                let name = words::evaluate(&definition.fname.value, &self.options);
                if name.is_static {
                    self.functions.push(name.value);
                }
            }
        }
    }

    /// Checks what only the whole line shows: a function that calls itself, directly or through other
    /// functions, runs commands without end (`:(){ :|:& };:` is a fork bomb), so the list of what the line
    /// executes is not complete.
    pub fn finish(&mut self) {
        if let Some(name) = self.recursive_function() {
            self.problem(
                ProblemKind::Recursion,
                format!("the function `{name}` calls itself, so the commands it would run have no end"),
            );
        }
        if let Some(message) = self.taint.finding(&self.defined) {
            self.problem(ProblemKind::StoredCode, message);
        }
    }

    /// A function on a cycle of calls between the functions the line defines, found by one depth-first search
    /// over those calls (linear in their number, however many definitions a long line holds).
    fn recursive_function(&self) -> Option<String> {
        let mut indices: HashMap<&str, usize> = HashMap::new();
        let mut names: Vec<&str> = Vec::new();
        for name in &self.defined {
            indices.entry(name).or_insert_with(|| {
                names.push(name);
                names.len() - 1
            });
        }
        let index = |name: &str| indices.get(name).copied();
        let mut callees: Vec<Vec<usize>> = vec![Vec::new(); names.len()];
        for (caller, callee) in &self.calls {
            if let (Some(from), Some(to)) = (index(caller), index(callee)) {
                callees[from].push(to);
            }
        }
        const UNVISITED: u8 = 0;
        const ON_PATH: u8 = 1;
        const FINISHED: u8 = 2;
        let mut state = vec![UNVISITED; names.len()];
        for start in 0..names.len() {
            if state[start] != UNVISITED {
                continue;
            }
            state[start] = ON_PATH;
            // Each function on the current path with the position of its next callee to follow.
            let mut path = vec![(start, 0)];
            while let Some((function, next)) = path.last_mut() {
                let function = *function;
                let Some(&callee) = callees[function].get(*next) else {
                    state[function] = FINISHED;
                    path.pop();
                    continue;
                };
                *next += 1;
                match state[callee] {
                    ON_PATH => return Some(names[callee].to_owned()),
                    UNVISITED => {
                        state[callee] = ON_PATH;
                        path.push((callee, 0));
                    }
                    _ => {}
                }
            }
        }
        None
    }

    fn walk_pipeline(&mut self, pipeline: &ast::Pipeline) {
        let timed = pipeline.timed.is_some();
        if timed {
            let text = if pipeline.timed.as_ref().is_some_and(ast::PipelineTimed::is_posix_output) {
                "time -p"
            } else {
                "time"
            };
            let mut time = ExecutedCommand {
                executable: "time".to_owned(),
                executable_path: "time".to_owned(),
                text: text.to_owned(),
                via: self.via.clone(),
                ..ExecutedCommand::default()
            };
            if text == "time -p" {
                time.words.push("-p".to_owned());
                time.flags.push("-p".to_owned());
            }
            self.push(time);
            self.via.push("time".to_owned());
        }
        let functions_before = self.functions.len();
        for command in &pipeline.seq {
            self.walk_command(command);
            // Each part of a multi-command pipeline runs in its own subshell: definitions there do not last.
            if pipeline.seq.len() > 1 {
                self.functions.truncate(functions_before);
            }
        }
        if timed {
            self.via.pop();
        }
    }

    fn walk_command(&mut self, command: &Command) {
        match command {
            Command::Simple(simple) => self.walk_simple(simple),
            Command::Compound(compound, redirects) => {
                self.walk_redirect_list(redirects.as_ref(), &compound.to_string());
                if self.enter() {
                    self.walk_compound(compound);
                    self.leave();
                }
            }
            Command::Function(definition) => {
                let ast::FunctionBody(body, redirects) = &definition.body;
                self.walk_redirect_list(redirects.as_ref(), &definition.to_string());
                if self.enter() {
                    let name = words::evaluate(&definition.fname.value, &self.options);
                    let named = name.is_static;
                    if named {
                        self.defined.push(name.value.clone());
                        self.defining.push(name.value);
                    }
                    let saved = self.functions.len();
                    self.walk_compound(body);
                    self.functions.truncate(saved);
                    if named {
                        self.defining.pop();
                    }
                    self.leave();
                }
            }
            Command::ExtendedTest(test, redirects) => {
                let text = format!("[[ {test} ]]");
                self.walk_redirect_list(redirects.as_ref(), &text);
                if self.enter() {
                    self.walk_extended_test(&test.expr);
                    self.leave();
                }
                // The test itself runs nothing; what its words expand is walked above. It is reported so that a
                // line made of a test alone is judged like `test` rather than as a line without commands.
                self.push_test("[[", text);
            }
        }
    }

    /// Redirections of a compound command apply to everything inside: they are emitted as a command of their own.
    fn walk_redirect_list(&mut self, redirects: Option<&ast::RedirectList>, text: &str) {
        let Some(list) = redirects else { return };
        let mut out = Vec::new();
        let mut dynamic = Vec::new();
        for redirect in &list.0 {
            let (redirect, raw) = self.walk_redirect(redirect);
            if redirect.dynamic {
                dynamic.push(raw);
            }
            out.push(redirect);
        }
        let command = ExecutedCommand {
            redirects: out,
            dynamic,
            via: self.via.clone(),
            text: text.to_owned(),
            ..ExecutedCommand::default()
        };
        self.push(command);
    }

    fn walk_compound(&mut self, compound: &CompoundCommand) {
        match compound {
            CompoundCommand::Arithmetic(arithmetic) => {
                // brush also takes `((cmd) )` for arithmetic, which bash runs as nested subshells: only a command
                // written with `))` at its end is surely arithmetic.
                let end = arithmetic.loc.end.index;
                let closes_plainly = self
                    .sources
                    .last()
                    .and_then(|chars| chars.get(..end))
                    .is_some_and(|source| source.ends_with(&[')', ')']));
                self.walk_arithmetic_command(&arithmetic.expr.value, closes_plainly);
                // Like `[[ … ]]`: the evaluation itself runs nothing, and is reported so that a line of it alone
                // is judged.
                self.push_test("((", format!("(( {} ))", arithmetic.expr.value));
            }
            CompoundCommand::ArithmeticForClause(clause) => {
                for part in [&clause.initializer, &clause.condition, &clause.updater].into_iter().flatten() {
                    self.walk_arithmetic(&part.value);
                }
                self.walk_list(&clause.body.list, false);
            }
            CompoundCommand::BraceGroup(group) => self.walk_list(&group.list, false),
            CompoundCommand::Subshell(subshell) => {
                let saved = self.functions.len();
                self.walk_list(&subshell.list, false);
                self.functions.truncate(saved);
            }
            CompoundCommand::ForClause(clause) => {
                // The loop sets its variable, so it is reported as an assignment (`for PATH in …` changes PATH).
                let mut joined = WordValue { is_static: true, ..WordValue::default() };
                let values: Vec<WordValue> = match &clause.values {
                    Some(values) => values.iter().map(|value| self.walk_word(&value.value)).collect(),
                    None => vec![WordValue { raw: "\"$@\"".to_owned(), ..WordValue::default() }],
                };
                for value in &values {
                    for (part, text) in [(&mut joined.raw, &value.raw), (&mut joined.value, &value.value)] {
                        if !part.is_empty() {
                            part.push(' ');
                        }
                        part.push_str(text);
                    }
                    joined.is_static &= value.is_static;
                }
                self.taint.loop_over(&clause.variable_name, &values, &self.options);
                let text = format!("for {} in {}", clause.variable_name, joined.raw);
                let assignment = vec![(clause.variable_name.clone(), joined)];
                self.emit(Vec::new(), assignment, Vec::new(), Vec::new(), text, false);
                self.walk_list(&clause.body.list, false);
            }
            CompoundCommand::CaseClause(clause) => {
                self.walk_word(&clause.value.value);
                for item in &clause.cases {
                    for pattern in &item.patterns {
                        self.walk_word(&pattern.value);
                    }
                    if let Some(list) = &item.cmd {
                        self.walk_list(list, false);
                    }
                }
            }
            CompoundCommand::IfClause(clause) => {
                self.walk_list(&clause.condition, false);
                self.walk_list(&clause.then, false);
                for branch in clause.elses.iter().flatten() {
                    if let Some(condition) = &branch.condition {
                        self.walk_list(condition, false);
                    }
                    self.walk_list(&branch.body, false);
                }
            }
            CompoundCommand::WhileClause(clause) | CompoundCommand::UntilClause(clause) => {
                self.walk_list(&clause.0, false);
                self.walk_list(&clause.1.list, false);
            }
            CompoundCommand::Coprocess(coprocess) => {
                let saved = self.functions.len();
                self.walk_command(&coprocess.body);
                self.functions.truncate(saved);
            }
        }
    }

    fn walk_extended_test(&mut self, expr: &ExtendedTestExpr) {
        match expr {
            ExtendedTestExpr::And(left, right) | ExtendedTestExpr::Or(left, right) => {
                self.walk_extended_test(left);
                self.walk_extended_test(right);
            }
            ExtendedTestExpr::Not(inner) | ExtendedTestExpr::Parenthesized(inner) => self.walk_extended_test(inner),
            ExtendedTestExpr::UnaryTest(predicate, word) => {
                let value = self.walk_word(&word.value);
                // `-v name` evaluates the name's subscript.
                if matches!(
                    predicate,
                    ast::UnaryPredicate::ShellVariableIsSetAndAssigned
                        | ast::UnaryPredicate::ShellVariableIsSetAndNameRef
                ) {
                    if value.is_static {
                        self.walk_arithmetic(&value.value);
                    } else {
                        self.taint.value_read(&value, &self.options);
                    }
                }
            }
            ExtendedTestExpr::BinaryTest(predicate, left, right) => {
                for operand in [left, right] {
                    let value = self.walk_word(&operand.value);
                    // Arithmetic comparisons evaluate their operands again, array subscripts included.
                    if matches!(predicate, ast::BinaryPredicate::StringMatchesRegex) {
                        self.taint.set_from_outside("BASH_REMATCH", "the text a regular expression matched");
                    }
                    if is_arithmetic(predicate) {
                        if value.is_static {
                            self.walk_arithmetic(&value.value);
                        } else {
                            self.taint.value_read(&value, &self.options);
                        }
                    }
                }
            }
        }
    }

    /// `(( … ))` is arithmetic only when its text is an expression; otherwise bash reads it again as nested
    /// subshells (`( (sudo ls) )`), and so must the walk. Quoted text is read both ways: bash takes
    /// `(( 'a[$(id)]' ))` as arithmetic.
    fn walk_arithmetic_command(&mut self, text: &str, closes_plainly: bool) {
        if closes_plainly && is_plausible_arithmetic(text) {
            self.walk_arithmetic(text);
        } else if self.enter() {
            self.walk_arithmetic(text);
            let saved = self.functions.len();
            self.run_line(&format!("({text})"), &format!("the nested subshells `(({text}))`"));
            self.functions.truncate(saved);
            self.leave();
        }
    }

    /// Arithmetic text can hold substitutions (`$(( $(id) ))`, `a[$(id)]`, and quoted ones that the evaluation
    /// expands again: see [`words::evaluate_arithmetic`]).
    fn walk_arithmetic(&mut self, text: &str) {
        self.taint.arithmetic_read(text);
        if words::holds_substitution(text) || text.contains("${") {
            let word = words::evaluate_arithmetic(text, &self.options);
            if let Some(error) = &word.error {
                self.problem(ProblemKind::ParseError, error.clone());
            }
            self.taint.word_read(&word, &self.options);
            self.walk_substitutions(&word.substitutions);
        }
    }

    /// Reads a word and walks the substitutions it contains.
    fn walk_word(&mut self, raw: &str) -> WordValue {
        let word = words::evaluate(raw, &self.options);
        if let Some(error) = &word.error {
            self.problem(ProblemKind::ParseError, error.clone());
        }
        self.taint.word_read(&word, &self.options);
        for (name, value) in &word.defaults {
            self.taint.assign(name, value, &self.options);
        }
        self.walk_substitutions(&word.substitutions);
        word
    }

    fn walk_substitutions(&mut self, substitutions: &[Substitution]) {
        for substitution in substitutions {
            self.walk_nested(
                &substitution.text,
                substitution.via,
                &format!("the substitution `{}`", substitution.text),
            );
        }
    }

    /// Walks a nested command line (substitution, `-c` string) one level deeper, in a subshell's scope.
    fn walk_nested(&mut self, text: &str, via: &str, context: &str) {
        if !self.enter() {
            return;
        }
        let saved = self.functions.len();
        self.via.push(via.to_owned());
        self.run_line(text, context);
        self.via.pop();
        self.functions.truncate(saved);
        self.leave();
    }

    fn walk_redirect(&mut self, redirect: &IoRedirect) -> (Redirect, String) {
        match redirect {
            IoRedirect::File(fd, kind, target) => {
                let (op, implied) = match kind {
                    IoFileRedirectKind::Read => ("<", 0),
                    IoFileRedirectKind::Write => (">", 1),
                    IoFileRedirectKind::Append => (">>", 1),
                    IoFileRedirectKind::ReadAndWrite => ("<>", 0),
                    IoFileRedirectKind::Clobber => (">|", 1),
                    IoFileRedirectKind::DuplicateInput => ("<&", 0),
                    IoFileRedirectKind::DuplicateOutput => (">&", 1),
                };
                let fd = Some(fd.unwrap_or(implied));
                let (path, dynamic, raw) = match target {
                    IoFileRedirectTarget::Filename(word) | IoFileRedirectTarget::Duplicate(word) => {
                        let value = self.walk_word(&word.value);
                        (value.shown().to_owned(), !value.is_static, word.value.clone())
                    }
                    IoFileRedirectTarget::Fd(number) => (number.to_string(), false, number.to_string()),
                    // A pipe to or from a command that is walked and judged on its own (`done < <(git ls-files)`).
                    IoFileRedirectTarget::ProcessSubstitution(kind, subshell) => {
                        let raw = self.walk_process_substitution(kind, subshell);
                        (raw.clone(), false, raw)
                    }
                };
                (Redirect { op: op.to_owned(), fd, path, dynamic }, raw)
            }
            IoRedirect::HereDocument(fd, document) => {
                if document.requires_expansion {
                    match words::heredoc_substitutions(&document.doc.value, &self.options) {
                        Ok(substitutions) => {
                            for substitution in substitutions {
                                self.walk_nested(
                                    &substitution.text,
                                    "heredoc",
                                    &format!("the substitution `{}`", substitution.text),
                                );
                            }
                        }
                        Err(error) => self.problem(ProblemKind::ParseError, error),
                    }
                }
                let redirect =
                    Redirect { op: "<<".to_owned(), fd: Some(fd.unwrap_or(0)), path: String::new(), dynamic: false };
                (redirect, String::new())
            }
            IoRedirect::HereString(fd, word) => {
                let value = self.walk_word(&word.value);
                let redirect = Redirect {
                    op: "<<<".to_owned(),
                    fd: Some(fd.unwrap_or(0)),
                    path: value.shown().to_owned(),
                    dynamic: !value.is_static,
                };
                (redirect, word.value.clone())
            }
            IoRedirect::OutputAndError(word, append) => {
                let value = self.walk_word(&word.value);
                let op = if *append { "&>>" } else { "&>" };
                (
                    Redirect { op: op.to_owned(), fd: None, path: value.shown().to_owned(), dynamic: !value.is_static },
                    word.value.clone(),
                )
            }
        }
    }

    fn walk_process_substitution(&mut self, kind: &ProcessSubstitutionKind, subshell: &ast::SubshellCommand) -> String {
        let via = match kind {
            ProcessSubstitutionKind::Read => "<()",
            ProcessSubstitutionKind::Write => ">()",
        };
        let raw = format!("{}({})", &via[..1], subshell.list);
        if self.enter() {
            let saved = self.functions.len();
            self.via.push(via.to_owned());
            self.walk_list(&subshell.list, false);
            self.via.pop();
            self.functions.truncate(saved);
            self.leave();
        }
        raw
    }

    fn walk_simple(&mut self, simple: &ast::SimpleCommand) {
        let mut assignments = Vec::new();
        let mut argv = Vec::new();
        let mut redirects = Vec::new();
        let mut dynamic = Vec::new();
        for item in simple.prefix.iter().flat_map(|prefix| prefix.0.iter()) {
            self.walk_item(item, &mut assignments, &mut argv, &mut redirects, &mut dynamic);
        }
        if let Some(name) = &simple.word_or_name {
            argv.push(self.walk_word(&name.value));
        }
        for item in simple.suffix.iter().flat_map(|suffix| suffix.0.iter()) {
            self.walk_item(item, &mut assignments, &mut argv, &mut redirects, &mut dynamic);
        }
        let text = simple.to_string();
        self.emit(argv, assignments, redirects, dynamic, text, true);
    }

    fn walk_item(
        &mut self,
        item: &CommandPrefixOrSuffixItem,
        assignments: &mut Vec<(String, WordValue)>,
        argv: &mut Vec<WordValue>,
        redirects: &mut Vec<Redirect>,
        dynamic: &mut Vec<String>,
    ) {
        match item {
            CommandPrefixOrSuffixItem::IoRedirect(redirect) => {
                let (redirect, raw) = self.walk_redirect(redirect);
                if redirect.dynamic {
                    dynamic.push(raw);
                }
                redirects.push(redirect);
            }
            CommandPrefixOrSuffixItem::Word(word) => {
                let word = self.walk_word(&word.value);
                // Brace expansion is static: `mkdir -p src/{a,b}` names `src/a` and `src/b`.
                match words::expand_braces(&word) {
                    Some(expanded) if !argv.is_empty() => argv.extend(expanded.iter().map(|w| WordValue::literal(w))),
                    _ => argv.push(word),
                }
            }
            CommandPrefixOrSuffixItem::AssignmentWord(assignment, word) => {
                let name = match &assignment.name {
                    ast::AssignmentName::VariableName(name) => name.clone(),
                    ast::AssignmentName::ArrayElementName(name, index) => {
                        self.walk_arithmetic(index);
                        format!("{name}[{index}]")
                    }
                };
                let mut value = match &assignment.value {
                    ast::AssignmentValue::Scalar(scalar) => self.walk_word(&scalar.value),
                    ast::AssignmentValue::Array(elements) => {
                        let mut joined = WordValue { is_static: true, ..WordValue::default() };
                        for (key, element) in elements {
                            if let Some(key) = key {
                                self.walk_arithmetic(&key.value);
                            }
                            let element = self.walk_word(&element.value);
                            if !joined.value.is_empty() {
                                joined.value.push(' ');
                            }
                            joined.value.push_str(&element.value);
                            joined.is_static &= element.is_static;
                            joined.references.extend(element.references);
                            joined.substitutions.extend(element.substitutions);
                        }
                        joined
                    }
                };
                if stores_variable(argv) && value.is_static && (value.value.contains("$(") || value.value.contains('`'))
                {
                    self.problem(
                        ProblemKind::StoredCode,
                        format!(
                            "`{name}` is set to text holding a command substitution, which bash runs wherever the \
                             value is later read as code (arithmetic, `${{!{name}}}`, `${{{name}@P}}`)"
                        ),
                    );
                }
                if stores_variable(argv) {
                    self.taint.assign(&name, &value, &self.options);
                }
                if argv.is_empty() {
                    value.raw = word.value.split_once('=').map_or_else(String::new, |(_, raw)| raw.to_owned());
                    assignments.push((name, value));
                } else {
                    // After the command name (`export X=$(…)`, `local X=1`) it is an argument.
                    let mut argument = value;
                    argument.raw = word.value.clone();
                    argument.value = format!("{name}={}", argument.value);
                    argv.push(argument);
                }
            }
            CommandPrefixOrSuffixItem::ProcessSubstitution(kind, subshell) => {
                let raw = self.walk_process_substitution(kind, subshell);
                argv.push(WordValue { raw: raw.clone(), value: raw, is_static: false, ..WordValue::default() });
            }
        }
    }

    /// Reports `[[ … ]]` or `(( … ))` as a command without words: it only tests or computes.
    fn push_test(&mut self, executable: &str, text: String) {
        let test = ExecutedCommand {
            executable_path: executable.to_owned(),
            executable: executable.to_owned(),
            text,
            via: self.via.clone(),
            ..ExecutedCommand::default()
        };
        self.push(test);
    }

    fn push(&mut self, command: ExecutedCommand) {
        if self.commands.len() >= self.limits.max_commands {
            let limit = self.limits.max_commands;
            self.problem(ProblemKind::TooManyCommands, format!("the command line runs more than {limit} commands"));
            return;
        }
        self.commands.push(command);
    }

    /// Describes one command and then what it wraps.
    fn emit(
        &mut self,
        argv: Vec<WordValue>,
        assignments: Vec<(String, WordValue)>,
        redirects: Vec<Redirect>,
        mut dynamic: Vec<String>,
        text: String,
        may_call_function: bool,
    ) {
        let mut command = ExecutedCommand { redirects, text, via: self.via.clone(), ..ExecutedCommand::default() };
        for (name, value) in &assignments {
            if !value.is_static {
                dynamic.push(format!("{name}={}", value.raw));
            }
            command.assignments.insert(name.clone(), value.shown().to_owned());
        }
        let Some((program, rest)) = argv.split_first() else {
            command.dynamic = dynamic;
            self.push(command);
            return;
        };
        // Any word may become a positional parameter (`set --`, a function's or a `-c` string's arguments); a glob
        // puts file names there.
        for word in rest {
            self.taint.assign(POSITIONAL, word, &self.options);
            if word.globs {
                self.taint.set_from_outside(POSITIONAL, "file names");
            }
        }
        if may_call_function && program.is_static {
            if let Some(caller) = self.defining.last() {
                self.calls.push((caller.clone(), program.value.clone()));
            }
            if self.functions.contains(&program.value) {
                return;
            }
        }
        if program.is_static {
            command.executable_path = program.value.clone();
            command.executable = program.value.rsplit('/').next().unwrap_or_default().to_owned();
            if command.executable.is_empty() {
                command.executable = program.value.clone();
            }
        } else {
            command.dynamic_executable = true;
            command.executable = program.raw.clone();
            command.executable_path = program.raw.clone();
            dynamic.push(program.raw.clone());
        }
        for word in rest {
            if !word.is_static {
                dynamic.push(word.raw.clone());
            }
            command.words.push(word.shown().to_owned());
        }
        command.dynamic = dynamic;
        if !command.dynamic_executable {
            for text in names_read_as_code(&command.executable, rest) {
                self.walk_arithmetic(&text);
            }
            let split = classify(&command.executable, &command.words);
            command.subcommand = split.subcommand;
            command.arguments = split.arguments;
            command.flags = split.flags;
            command.options = split.options;
            command.option_list = split.option_list;
            self.follow_builtin(&command, rest);
        } else {
            command.arguments = command.words.clone();
        }
        let executable = command.executable.clone();
        let is_dynamic = command.dynamic_executable;
        self.push(command);
        if is_dynamic || self.stopped() {
            return;
        }
        for wrapped in wrappers::unwrap(&executable, rest) {
            self.walk_wrapped(wrapped);
        }
    }

    /// Follows what a builtin does with values: which variables it sets from outside the line (`read`,
    /// `mapfile`, `getopts`, `printf -v`), and which of its words bash reads as arithmetic or as variable names.
    fn follow_builtin(&mut self, command: &ExecutedCommand, words: &[WordValue]) {
        let options = &self.options;
        let taint = &mut self.taint;
        let executable = command.executable.as_str();
        match executable {
            "read" | "mapfile" | "readarray" | "getopts" => {
                // The variables it sets, read from the option table the policy input uses: the operands (for
                // getopts, the one after the option string) and `read -a NAME`.
                let (targets, default): (Vec<&String>, _) = match executable {
                    "getopts" => (command.arguments.iter().skip(1).take(1).collect(), "OPTARG"),
                    _ => {
                        let arrays = command.option_list.iter().filter(|option| option.name == "-a");
                        let targets = command.arguments.iter().chain(arrays.map(|option| &option.value)).collect();
                        (targets, if executable == "read" { "REPLY" } else { "MAPFILE" })
                    }
                };
                // `read` and `mapfile` without a name set `REPLY` or `MAPFILE`; `getopts` always sets `OPTARG`.
                taint.set_from_outside(default, "text a builtin read");
                for target in targets {
                    match words.iter().find(|word| !word.is_static && word.raw == *target) {
                        Some(word) if executable == "read" => taint.value_read(word, options),
                        Some(_) => {}
                        None => taint.set_from_outside(target, "text a builtin read"),
                    }
                }
            }
            "printf" => {
                let mut rest = words.iter();
                while let Some(word) = rest.next() {
                    let target = match word.value.strip_prefix("-v") {
                        Some("") if word.is_static => rest.next(),
                        Some(_) if word.is_static => Some(word),
                        _ => continue,
                    };
                    let Some(target) = target else { break };
                    if !target.is_static {
                        taint.value_read(target, options);
                    } else {
                        // printf decodes escapes (`\x24` is `$`): what it stores can be any text.
                        let name = target.value.strip_prefix("-v").unwrap_or(&target.value);
                        taint.set_from_outside(name, "text printf formats");
                    }
                    break;
                }
            }
            "declare" | "typeset" | "local" | "let" | "test" | "[" | "unset" => {
                let flags: String = words
                    .iter()
                    .filter(|word| word.is_static && word.value.starts_with('-') && !word.value.starts_with("--"))
                    .flat_map(|word| word.value.chars().skip(1))
                    .collect();
                let mut after_v = false;
                for word in words {
                    let is_option = word.is_static && word.value.starts_with('-');
                    match executable {
                        "let" if word.is_static => taint.arithmetic_read(&word.value),
                        "let" => taint.value_read(word, options),
                        "test" | "[" => {
                            if after_v && !word.is_static {
                                taint.value_read(word, options);
                            }
                            after_v = word.is_static && matches!(word.value.as_str(), "-v" | "-R");
                        }
                        _ if is_option => {}
                        _ => {
                            // A name bash cannot see until the word is expanded (`declare "$x"=1`).
                            if !word.is_static && !starts_with_name(&word.raw) && executable != "local" {
                                taint.value_read(word, options);
                            }
                            // A nameref's value is a variable name.
                            if flags.contains('n') {
                                taint.value_read(word, options);
                            }
                            if flags.contains('i') {
                                let name = word.shown().split(['=', '+']).next().unwrap_or_default();
                                taint.integer(name);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn walk_wrapped(&mut self, wrapped: Wrapped) {
        match wrapped {
            Wrapped::Argv { via, words, assignments } => {
                if !self.enter() {
                    return;
                }
                self.via.push(via);
                let text = words.iter().map(|word| word.raw.as_str()).collect::<Vec<_>>().join(" ");
                self.emit(words, assignments, Vec::new(), Vec::new(), text, false);
                self.via.pop();
                self.leave();
            }
            Wrapped::Line { via, text } => {
                let context = format!("the `{via}` text `{text}`");
                // A new shell does not see this one's functions.
                let inherited = std::mem::take(&mut self.functions);
                let defining = std::mem::take(&mut self.defining);
                self.walk_nested(&text, &via, &context);
                self.functions = inherited;
                self.defining = defining;
            }
            Wrapped::OtherGrammar { via, shell, text } => {
                self.problem(
                    ProblemKind::ParseError,
                    format!(
                        "`{shell}` may read the `{via}` text `{text}` otherwise than bash (`((…))`, `$'…'`, or its own \
                         expansions), so what it runs cannot be told for sure"
                    ),
                );
                self.walk_wrapped(Wrapped::Line { via, text });
            }
            Wrapped::Unknown { via, raw } => {
                let mut vias = self.via.clone();
                vias.push(via);
                let command = ExecutedCommand {
                    executable: raw.clone(),
                    executable_path: raw.clone(),
                    dynamic_executable: true,
                    dynamic: vec![raw.clone()],
                    via: vias,
                    text: raw,
                    ..ExecutedCommand::default()
                };
                self.push(command);
            }
        }
    }
}

/// Whether a word starts with a variable name that bash reads before expanding (`x=$v`, `a[1]=…`).
fn starts_with_name(raw: &str) -> bool {
    let name_length = raw.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').count();
    name_length > 0 && !raw.starts_with(|c: char| c.is_ascii_digit()) && raw[name_length..].starts_with(['=', '+', '['])
}

fn is_arithmetic(predicate: &ast::BinaryPredicate) -> bool {
    use ast::BinaryPredicate as P;
    matches!(
        predicate,
        P::ArithmeticEqualTo
            | P::ArithmeticNotEqualTo
            | P::ArithmeticLessThan
            | P::ArithmeticLessThanOrEqualTo
            | P::ArithmeticGreaterThan
            | P::ArithmeticGreaterThanOrEqualTo
    )
}

/// Why brush-parser must not be given `text`: input it would abort on, loop on or misread.
fn unsafe_to_parse(text: &str) -> Option<(ProblemKind, String)> {
    if let Some(message) = super::rejected::descriptor_out_of_range(text) {
        return Some((ProblemKind::ParseError, message));
    }
    if continues_a_line_after_a_here_document(text) {
        let message = "a line ends in a backslash after a here-document operator: bash joins such lines before it \
                       looks for the end of the here-document (and for `$(` in its body), which the parser does not"
            .to_owned();
        return Some((ProblemKind::ParseError, message));
    }
    parser_hazard(text)
}

/// Whether a backslash-newline follows a `<<` operator (not `<<<`). Bash removes such pairs while it reads an
/// unquoted here-document, so `EO\⏎F` ends it and `$\⏎(cmd)` runs `cmd`; brush reads the lines as they are.
fn continues_a_line_after_a_here_document(text: &str) -> bool {
    let mut rest = text;
    while let Some(at) = rest.find("<<") {
        let after = &rest[at + 2..];
        if after.starts_with('<') {
            rest = after.trim_start_matches('<');
            continue;
        }
        return after.contains("\\\n");
    }
    false
}

/// Whether an assignment word stores a shell variable: before any command name, or as an argument of a builtin
/// that declares variables (`export X=…`). After another command (`make CC=…`) it is only that command's argument.
fn stores_variable(argv: &[WordValue]) -> bool {
    argv.first().is_none_or(|program| {
        program.is_static && matches!(program.value.as_str(), "export" | "declare" | "local" | "readonly" | "typeset")
    })
}

/// The static arguments that a builtin reads as variable names or arithmetic and that hold a substitution. Bash
/// expands a name's subscript when it uses the name, so `declare 'a[$(id)]=1'`, `printf -v 'a[$(id)]' …`,
/// `read 'a[$(id)]'` and `test -v 'a[$(id)]'` run `id` although the word is quoted.
fn names_read_as_code(executable: &str, words: &[WordValue]) -> Vec<String> {
    let statics = words.iter().filter(|word| word.is_static).map(|word| word.value.as_str());
    let names: Vec<&str> = match executable {
        "declare" | "typeset" | "local" | "export" | "readonly" | "let" | "read" | "readarray" | "mapfile"
        | "unset" | "wait" | "getopts" => statics.collect(),
        // The word after the option, or attached to it (`printf -vNAME`).
        "printf" | "test" | "[" => {
            let options: &[&str] = if executable == "printf" { &["-v"] } else { &["-v", "-R"] };
            let mut names = Vec::new();
            for (word, next) in words.iter().zip(words.iter().skip(1).map(Some).chain([None])) {
                if word.is_static && options.contains(&word.value.as_str()) {
                    names.extend(next.filter(|next| next.is_static).map(|next| next.value.as_str()));
                } else if executable == "printf" && word.is_static {
                    names.extend(word.value.strip_prefix("-v"));
                }
            }
            names
        }
        _ => Vec::new(),
    };
    names.into_iter().filter(|name| words::holds_substitution(name)).map(str::to_owned).collect()
}

/// A line bash would run although brush-parser refuses it, rewritten into one brush reads: `select` has the grammar
/// of `for`, and bash ends a here-document that lacks its delimiter at the end of input. None when neither applies.
fn recover(text: &str, error: &str) -> Option<String> {
    let mut out = text.to_owned();
    let mut changed = false;
    if has_word(text, "select") {
        out = replace_word(&out, "select", "for");
        changed = true;
    }
    if error.contains("unterminated here document")
        && let Some(tags) = error.split("tag(s) [").nth(1).and_then(|rest| rest.split(']').next())
    {
        for tag in tags.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            out.push('\n');
            out.push_str(tag.trim_matches(['"', '\'']));
        }
        out.push('\n');
        changed = true;
    }
    changed.then_some(out)
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
    })
}

fn replace_word(text: &str, word: &str, with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(word) {
        let before = if at == 0 { out.chars().next_back() } else { rest[..at].chars().next_back() };
        let after = rest[at + word.len()..].chars().next();
        out.push_str(&rest[..at]);
        if before.is_some_and(is_word_char) || after.is_some_and(is_word_char) {
            out.push_str(word);
        } else {
            out.push_str(with);
        }
        rest = &rest[at + word.len()..];
    }
    out.push_str(rest);
    out
}

/// Whether `text` can be an arithmetic expression: no quotes or command separators, and never two operands
/// (names, numbers, expansions) side by side without an operator between them, as in `sudo ls`.
fn is_plausible_arithmetic(text: &str) -> bool {
    let text = &substitutions_as_operands(text);
    if text.contains(['\'', '"', ';', '\n']) {
        return false;
    }
    let mut previous_was_operand = false;
    let mut in_operand = false;
    for c in text.chars() {
        let operand_char = c.is_ascii_alphanumeric() || "_$#@{}[].".contains(c);
        if operand_char {
            if !in_operand && previous_was_operand {
                return false;
            }
            in_operand = true;
        } else if c.is_whitespace() {
            if in_operand {
                previous_was_operand = true;
            }
            in_operand = false;
        } else {
            in_operand = false;
            previous_was_operand = false;
        }
    }
    true
}

/// `text` with each `$( … )` and `${ … }` replaced by one operand, as arithmetic reads them
/// (`(( $(git rev-list --count HEAD) > 10 ))`). An unbalanced one is left as it is.
fn substitutions_as_operands(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let (open, close) = match after.chars().next() {
            Some('(') if !after.starts_with("((") => ('(', ')'),
            Some('{') => ('{', '}'),
            _ => {
                out.push('$');
                rest = after;
                continue;
            }
        };
        let mut depth = 0usize;
        let mut end = None;
        for (offset, c) in after.char_indices() {
            if c == open {
                depth += 1;
            } else if c == close {
                depth -= 1;
                if depth == 0 {
                    end = Some(offset);
                    break;
                }
            }
        }
        match end {
            Some(end) => {
                out.push('x');
                rest = &after[end + 1..];
            }
            None => {
                out.push('$');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod fallback_tests {
    use super::{continues_a_line_after_a_here_document, is_plausible_arithmetic, recover};

    #[test]
    fn line_continuations_after_here_documents_are_found() {
        assert!(continues_a_line_after_a_here_document("cat <<EOF\nx\nEO\\\nF\ntouch p\nEOF"));
        assert!(continues_a_line_after_a_here_document("cat <<EOF\n$\\\n(id)\nEOF"));
        assert!(!continues_a_line_after_a_here_document("ls \\\n -la <<< x"));
        assert!(!continues_a_line_after_a_here_document("docker run \\\n  -it x\ncat <<EOF\ny\nEOF"));
    }

    #[test]
    fn recovery_reads_select_as_for_and_closes_open_here_documents() {
        assert_eq!(recover("select x in a; do ls; done", "syntax error").as_deref(), Some("for x in a; do ls; done"));
        assert_eq!(recover("selection=1 ls", "syntax error"), None);
        let open = recover("cat <<EOF\nx", "unterminated here document sequence; tag(s) [EOF] found at: [1,10]");
        assert_eq!(open.as_deref(), Some("cat <<EOF\nx\nEOF\n"));
    }

    #[test]
    fn expressions_are_arithmetic_and_commands_are_not() {
        for expression in [
            "x + 1",
            "i++",
            "a[1] > 2 && b",
            "$x * ${y}",
            " (1 + 2) * 3 ",
            "x == 1 ? 2 : 3",
            "x & 1",
            " $(git rev-list --count HEAD) > 10 ",
            "${#files[@]} > 0",
        ] {
            assert!(is_plausible_arithmetic(expression), "{expression}");
        }
        for command in ["(sudo ls) ", " (echo a; sudo ls) ", "rm -rf x", "echo 'a'"] {
            assert!(!is_plausible_arithmetic(command), "{command}");
        }
    }
}
