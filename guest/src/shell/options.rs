//! Per-command knowledge of which options take a value and which commands have subcommands.
//!
//! Owns the data tables and the split of a command's words into subcommand, arguments, flags and options.
//! Must not know about wrappers or parsing: it sees plain unquoted words only.

use std::collections::BTreeMap;

use super::command::OptionValue;

/// What a command's words mean once split.
#[derive(Debug, Default)]
pub struct Classified {
    pub subcommand: Option<String>,
    pub arguments: Vec<String>,
    pub flags: Vec<String>,
    pub options: BTreeMap<String, String>,
    pub option_list: Vec<OptionValue>,
}

/// The option grammar of one command (or of one subcommand, added to its parent's).
#[derive(Debug, Clone, Copy)]
struct Spec {
    /// Short options that take a value, as their letters.
    short: &'static str,
    /// Long options (or single-dash words such as find's `-name`) that take a value.
    long: &'static [&'static str],
    /// Whether the first positional word is a subcommand.
    has_subcommand: bool,
    /// Whether options end at the first positional word after the subcommand (the rest belongs to a program run).
    stops_at_argument: bool,
    /// Options whose value ends option parsing (`python -c code args…`).
    terminal: &'static [&'static str],
    /// Short options whose value can only be attached (`sed -i.bak`), never the next word.
    attached: &'static str,
    /// Whether single-dash words are whole option names (`find -name`, `java -jar`), never letter bundles.
    single_dash_long: bool,
    /// For a command whose options before the subcommand differ from those after it: the options it takes there.
    globals: Option<Globals>,
    /// Whether a short option's attached value drops a leading `=` (`-k=dir` is `dir` to Go's pflag and to npm).
    equals_after_short: bool,
}

/// The options a command takes before its subcommand, as written (`-C`, `--git-dir`). Any other option there might
/// take the next word as its value (`git --shallow-file status config …` runs `config`), so after one no word is
/// named the subcommand, unless the command is known to skip such an option with the word after it.
#[derive(Debug, Clone, Copy)]
struct Globals {
    values: &'static [&'static str],
    flags: &'static [&'static str],
    /// Programs built on cobra look for their subcommand past any option they do not know as a flag, skipping the
    /// word after it too (`kubectl -o wide get pods` runs `get`; a bundle of letters skips nothing).
    unknown_takes_value: bool,
}

const NONE: Spec = Spec {
    short: "",
    long: &[],
    has_subcommand: false,
    stops_at_argument: false,
    terminal: &[],
    attached: "",
    single_dash_long: false,
    globals: None,
    equals_after_short: false,
};

const fn flat(short: &'static str, long: &'static [&'static str]) -> Spec {
    Spec { short, long, ..NONE }
}

/// Wrappers: options end where the wrapped command starts.
const fn stop_at_argument(spec: Spec) -> Spec {
    Spec { stops_at_argument: true, ..spec }
}

const fn with_subcommand(short: &'static str, long: &'static [&'static str]) -> Spec {
    Spec { short, long, has_subcommand: true, ..NONE }
}

/// The long options of npm, yarn and pnpm that take a value.
const JS_PACKAGE_MANAGER_OPTIONS: &[&str] = &[
    "--workspace",
    "--prefix",
    "--registry",
    "--cache",
    "--userconfig",
    "--tag",
    "--filter",
    "--dir",
    "--cwd",
    "--loglevel",
    "--package",
    "--otp",
    "--access",
];

// GNU tools take an optional value only attached (`--color=always`): alone, such an option is a flag and the next
// word is an operand. So the options below with an optional value (`--color`, `--backup`, diff's `--context`, …)
// are left out of the lists of options that take the next word.

/// The long options of grep that take a value.
const GREP_OPTIONS: &[&str] = &[
    "--regexp",
    "--file",
    "--max-count",
    "--after-context",
    "--before-context",
    "--context",
    "--include",
    "--exclude",
    "--exclude-dir",
    "--exclude-from",
    "--label",
    "--devices",
    "--directories",
    "--binary-files",
    "--group-separator",
];

/// The long options of ripgrep that take a value (its `--color` always takes one).
const RIPGREP_OPTIONS: &[&str] = &[
    "--regexp",
    "--file",
    "--max-count",
    "--after-context",
    "--before-context",
    "--context",
    "--color",
    "--glob",
    "--type",
    "--type-not",
    "--max-depth",
    "--replace",
    "--pre",
    "--pre-glob",
    "--ignore-file",
    "--hostname-bin",
    "--iglob",
    "--type-add",
    "--type-clear",
    "--sort",
    "--sortr",
    "--threads",
    "--encoding",
    "--engine",
    "--max-columns",
    "--max-filesize",
    "--path-separator",
    "--context-separator",
    "--field-match-separator",
    "--field-context-separator",
    "--colors",
    "--hyperlink-format",
    "--dfa-size-limit",
    "--regex-size-limit",
];

const GIT_GLOBALS: Globals = Globals {
    values: &[
        "-C",
        "-c",
        "--git-dir",
        "--work-tree",
        "--namespace",
        "--config-env",
        "--super-prefix",
        "--shallow-file",
        "--attr-source",
    ],
    flags: &[
        "-p",
        "--paginate",
        "-P",
        "--no-pager",
        "--no-lazy-fetch",
        "--no-replace-objects",
        "--bare",
        "--literal-pathspecs",
        "--no-literal-pathspecs",
        "--glob-pathspecs",
        "--noglob-pathspecs",
        "--icase-pathspecs",
        "--no-optional-locks",
        "--no-advice",
        // Alone, it prints the directory and exits.
        "--exec-path",
        "--html-path",
        "--man-path",
        "--info-path",
        "--version",
        "-v",
        "--help",
        "-h",
    ],
    unknown_takes_value: false,
};

const KUBECTL_GLOBALS: Globals = Globals {
    values: &[
        "-n",
        "--namespace",
        "-s",
        "--server",
        "-v",
        "--v",
        "--as",
        "--as-group",
        "--as-uid",
        "--cache-dir",
        "--certificate-authority",
        "--client-certificate",
        "--client-key",
        "--cluster",
        "--context",
        "--kubeconfig",
        "--kuberc",
        "--log-flush-frequency",
        "--password",
        "--profile",
        "--profile-output",
        "--request-timeout",
        "--tls-server-name",
        "--token",
        "--user",
        "--username",
        "--vmodule",
        "--log-backtrace-at",
        "--log-dir",
        "--log-file",
        "--log-file-max-size",
        "--stderrthreshold",
    ],
    flags: &[
        "--disable-compression",
        "--insecure-skip-tls-verify",
        "--match-server-version",
        "--warnings-as-errors",
        "--logtostderr",
        "--alsologtostderr",
        "--one-output",
        "--skip-headers",
        "--skip-log-headers",
        "--add-dir-header",
        "-h",
        "--help",
    ],
    unknown_takes_value: true,
};

/// docker's and podman's options before the command, together.
const CONTAINER_GLOBALS: Globals = Globals {
    values: &[
        "-c",
        "--context",
        "--connection",
        "-H",
        "--host",
        "--url",
        "-l",
        "--log-level",
        "--config",
        "--tlscacert",
        "--tlscert",
        "--tlskey",
        "--identity",
        "--root",
        "--runroot",
        "--storage-driver",
        "--storage-opt",
        "--cgroup-manager",
        "--module",
        "--network-cmd-path",
        "--conmon",
        "--events-backend",
        "--hooks-dir",
        "--imagestore",
        "--network-config-dir",
        "--out",
        "--registries-conf",
        "--runtime",
        "--runtime-flag",
        "--ssh",
        "--tmpdir",
        "--volumepath",
        "--db-backend",
        "--cdi-spec-dir",
    ],
    flags: &[
        "-D",
        "--debug",
        "--tls",
        "--tlsverify",
        "-v",
        "--version",
        "-h",
        "--help",
        "-r",
        "--remote",
        "--syslog",
        "--noout",
        "--transient-store",
    ],
    unknown_takes_value: false,
};

/// gh takes no options of its own before its command but these; a command's `--repo` may come first.
const GH_GLOBALS: Globals =
    Globals { values: &["-R", "--repo"], flags: &["--help", "-h", "--version"], unknown_takes_value: true };

/// pip's general options, which come before its command (optparse; abbreviations are taken, so an option missing here
/// leaves the command unknown).
const PIP_GLOBALS: Globals = Globals {
    values: &[
        "--log",
        "--log-file",
        "--local-log",
        "--proxy",
        "--retries",
        "--timeout",
        "--exists-action",
        "--trusted-host",
        "--cert",
        "--client-cert",
        "--cache-dir",
        "--python",
        "--use-feature",
        "--use-deprecated",
        "--keyring-provider",
        "--resume-retries",
    ],
    flags: &[
        "-h",
        "--help",
        "--debug",
        "--isolated",
        "--require-virtualenv",
        "-v",
        "--verbose",
        "-V",
        "--version",
        "-q",
        "--quiet",
        "--no-input",
        "--no-color",
        "--no-cache-dir",
        "--disable-pip-version-check",
        "--no-python-version-warning",
    ],
    unknown_takes_value: false,
};

/// uv's global options (they may also come after the command).
const UV_GLOBALS: Globals = Globals {
    values: &[
        "--directory",
        "--project",
        "--config-file",
        "--cache-dir",
        "--color",
        "--allow-insecure-host",
        "--python-preference",
    ],
    flags: &[
        "-q",
        "--quiet",
        "-v",
        "--verbose",
        "--native-tls",
        "--offline",
        "--no-progress",
        "--no-cache",
        "-n",
        "--no-config",
        "--managed-python",
        "--no-managed-python",
        "--no-python-downloads",
        "--preview",
        "--no-preview",
        "--isolated",
        "--show-settings",
        "-h",
        "--help",
        "-V",
        "--version",
    ],
    unknown_takes_value: false,
};

/// npm's options seen before its command. npm reads an option it does not know as a switch, but every typed setting
/// takes the next word (`npm --before test install x` installs), and there are many: an option missing here leaves
/// the command unknown.
const NPM_GLOBALS: Globals = Globals {
    values: &[
        "-w",
        "--workspace",
        "-C",
        "--prefix",
        "-L",
        "--location",
        "--registry",
        "--cache",
        "--userconfig",
        "--globalconfig",
        "--loglevel",
        "--logs-dir",
        "--tag",
        "--otp",
        "--before",
        "--omit",
        "--include",
        "--install-strategy",
        "--node-options",
        "--script-shell",
        "--shell",
        "--editor",
    ],
    flags: &[
        "-s",
        "--silent",
        "-q",
        "--quiet",
        "-d",
        "-dd",
        "-ddd",
        "--verbose",
        "-g",
        "--global",
        "-y",
        "--yes",
        "--no-audit",
        "--no-fund",
        "--json",
        "--workspaces",
        "--ws",
        "--if-present",
        "--include-workspace-root",
        "--no-update-notifier",
        "--no-progress",
        "--offline",
        "--prefer-offline",
        "--prefer-online",
        "--ignore-scripts",
        "--legacy-peer-deps",
        "--no-color",
        "-h",
        "--help",
        "-v",
        "--version",
    ],
    unknown_takes_value: false,
};

/// One word before the subcommand, read by [`Globals`].
struct GlobalWord {
    flags: Vec<String>,
    /// An option that takes a value, with the value when it is attached (else the next word is the value).
    value: Option<(String, Option<String>)>,
}

/// What one word before the subcommand is; `None` for an option the command is not known to take there.
fn global_option(globals: &Globals, word: &str) -> Option<GlobalWord> {
    if globals.values.contains(&word) {
        return Some(GlobalWord { flags: Vec::new(), value: Some((word.to_owned(), None)) });
    }
    if globals.flags.contains(&word) {
        return Some(GlobalWord { flags: vec![word.to_owned()], value: None });
    }
    if word.starts_with("--") {
        return None;
    }
    let mut flags = Vec::new();
    for (position, letter) in word.char_indices().skip(1) {
        let name = format!("-{letter}");
        if globals.values.contains(&name.as_str()) {
            let attached = &word[position + letter.len_utf8()..];
            let value = Some((name, (!attached.is_empty()).then(|| attached.to_owned())));
            return Some(GlobalWord { flags, value });
        }
        if !globals.flags.contains(&name.as_str()) {
            return None;
        }
        flags.push(name);
    }
    Some(GlobalWord { flags, value: None })
}

fn command_spec(executable: &str) -> Option<Spec> {
    let spec = match executable {
        "git" => Spec { globals: Some(GIT_GLOBALS), ..with_subcommand("", &[]) },
        "head" | "tail" => flat("nc", &["--lines", "--bytes", "--pid", "--sleep-interval", "--max-unchanged-stats"]),
        "kubectl" | "k" => Spec {
            globals: Some(KUBECTL_GLOBALS),
            equals_after_short: true,
            ..with_subcommand(
                "noflcspk",
                &[
                    "--namespace",
                    "--output",
                    "--selector",
                    "--filename",
                    "--container",
                    "--context",
                    "--kubeconfig",
                    "--cluster",
                    "--user",
                    "--server",
                    "--token",
                    "--field-selector",
                    "--sort-by",
                    "--template",
                    "--since",
                    "--tail",
                    "--as",
                    "--as-group",
                    "--request-timeout",
                    "--type",
                    "--patch",
                    "--replicas",
                    "--image",
                    "--port",
                    "--timeout",
                    "--grace-period",
                    "--chunk-size",
                ],
            )
        },
        "curl" => flat(
            "XHodruAebcFTwxKDmEtQyYzCP",
            &[
                "--request",
                "--header",
                "--output",
                "--data",
                "--data-raw",
                "--data-binary",
                "--data-ascii",
                "--data-urlencode",
                "--user",
                "--user-agent",
                "--referer",
                "--cookie",
                "--cookie-jar",
                "--form",
                "--form-string",
                "--upload-file",
                "--write-out",
                "--proxy",
                "--url",
                "--config",
                "--dump-header",
                "--resolve",
                "--connect-to",
                "--max-time",
                "--retry",
                "--retry-delay",
                "--retry-max-time",
                "--connect-timeout",
                "--cert",
                "--key",
                "--cacert",
                "--capath",
                "--output-dir",
                "--json",
                "--proxy-user",
                "--range",
                "--limit-rate",
                "--max-filesize",
                "--interface",
                "--oauth2-bearer",
                "--unix-socket",
                "--abstract-unix-socket",
                "--trace",
                "--trace-ascii",
                "--stderr",
                "--netrc-file",
                "--preproxy",
                "--socks4",
                "--socks4a",
                "--socks5",
                "--socks5-hostname",
                "--proxy1.0",
                "--noproxy",
                "--time-cond",
                "--ciphers",
                "--quote",
                "--variable",
                "--expand-url",
                "--aws-sigv4",
                "--doh-url",
                "--hsts",
                "--alt-svc",
                "--etag-save",
                "--etag-compare",
                "--continue-at",
                "--local-port",
                "--mail-from",
                "--mail-rcpt",
                "--ftp-port",
                "--header-file",
            ],
        ),
        // grep's `-r` is a flag; ripgrep's `-r` replaces matches and takes a value.
        "grep" | "egrep" | "fgrep" => flat("efmABCdD", GREP_OPTIONS),
        "rg" => flat("efmABCdgtTjMrE", RIPGREP_OPTIONS),
        "sort" => flat(
            "okStT",
            &[
                "--output",
                "--key",
                "--buffer-size",
                "--field-separator",
                "--temporary-directory",
                "--parallel",
                "--files0-from",
                "--batch-size",
                "--compress-program",
                "--random-source",
            ],
        ),
        "find" => Spec {
            long: &[
                "-name",
                "-iname",
                "-path",
                "-ipath",
                "-wholename",
                "-iwholename",
                "-type",
                "-xtype",
                "-mtime",
                "-mmin",
                "-atime",
                "-amin",
                "-ctime",
                "-cmin",
                "-newer",
                "-anewer",
                "-cnewer",
                "-maxdepth",
                "-mindepth",
                "-size",
                "-user",
                "-group",
                "-uid",
                "-gid",
                "-perm",
                "-regex",
                "-iregex",
                "-regextype",
                "-printf",
                "-fprintf",
                "-fprint",
                "-fprint0",
                "-fls",
                "-lname",
                "-ilname",
                "-links",
                "-inum",
                "-samefile",
                "-used",
                "-fstype",
                "-context",
                "-newerXY",
                "-D",
                "-O",
                "-files0-from",
                "-newermt",
                "-newerct",
                "-neweram",
                "-newerat",
                "-newercm",
                "-newermm",
                "-newerBt",
            ],
            single_dash_long: true,
            ..NONE
        },
        "docker" | "podman" => Spec {
            globals: Some(CONTAINER_GLOBALS),
            equals_after_short: true,
            ..with_subcommand(
                "HlcDfteupvwvnaoN",
                &[
                    "--host",
                    "--log-level",
                    "--config",
                    "--context",
                    "--tlscacert",
                    "--tlscert",
                    "--tlskey",
                    "--file",
                    "--tag",
                    "--env",
                    "--env-file",
                    "--user",
                    "--publish",
                    "--volume",
                    "--workdir",
                    "--name",
                    "--network",
                    "--build-arg",
                    "--target",
                    "--platform",
                    "--label",
                    "--entrypoint",
                    "--mount",
                    "--filter",
                    "--format",
                    "--output",
                    "--memory",
                    "--cpus",
                    "--restart",
                    "--hostname",
                    "--add-host",
                    "--cache-from",
                    "--cache-to",
                    "--build-context",
                    "--metadata-file",
                    "--secret",
                    "--ssh",
                    "--progress",
                    "--connection",
                    "--url",
                    "--identity",
                    "--root",
                    "--runroot",
                    "--storage-driver",
                    "--since",
                    "--until",
                    "--tail",
                    "--signal",
                    "--time",
                    "--detach-keys",
                    "--pull",
                    "--iidfile",
                    "--cidfile",
                    "--device",
                    "--dns",
                    "--expose",
                    "--group-add",
                    "--ipc",
                    "--pid",
                    "--runtime",
                    "--security-opt",
                    "--shm-size",
                    "--stop-signal",
                    "--sysctl",
                    "--tmpfs",
                    "--ulimit",
                    "--userns",
                    "--uts",
                    "--cap-add",
                    "--cap-drop",
                    "--health-cmd",
                    "--log-driver",
                    "--log-opt",
                ],
            )
        },
        // `-h` is `--hostname` where gh takes a host (`gh auth status -h github.com`).
        "gh" => Spec {
            globals: Some(GH_GLOBALS),
            equals_after_short: true,
            ..with_subcommand(
                "RtbFXfHqLBsaAlmwpcjdeSToh",
                &[
                    "--repo",
                    "--title",
                    "--body",
                    "--body-file",
                    "--method",
                    "--field",
                    "--raw-field",
                    "--header",
                    "--jq",
                    "--limit",
                    "--json",
                    "--base",
                    "--head",
                    "--state",
                    "--label",
                    "--assignee",
                    "--author",
                    "--milestone",
                    "--project",
                    "--reviewer",
                    "--search",
                    "--template",
                    "--branch",
                    "--workflow",
                    "--commit",
                    "--user",
                    "--event",
                    "--status",
                    "--hostname",
                    "--input",
                    "--cache",
                    "--preview",
                    "--app",
                    "--web-url",
                    "--job",
                    "--ref",
                    "--attempt",
                    "--interval",
                    "--exit-status",
                    "--name",
                    "--description",
                    "--homepage",
                    "--visibility",
                    "--source",
                    "--remote",
                    "--team",
                    "--gitignore",
                    "--license",
                    "--notes",
                    "--notes-file",
                    "--target",
                    "--discussion-category",
                    "--pattern",
                    "--dir",
                    "--archive",
                    "--output",
                    "--key",
                    "--scopes",
                    "--with-token",
                    "--color",
                ],
            )
        },
        "pip" | "pip3" => Spec {
            globals: Some(PIP_GLOBALS),
            ..with_subcommand(
                "rcietd",
                &[
                    "--log-file",
                    "--local-log",
                    "--cert",
                    "--client-cert",
                    "--exists-action",
                    "--use-feature",
                    "--use-deprecated",
                    "--keyring-provider",
                    "--resume-retries",
                    "--requirement",
                    "--constraint",
                    "--index-url",
                    "--extra-index-url",
                    "--editable",
                    "--target",
                    "--prefix",
                    "--root",
                    "--src",
                    "--upgrade-strategy",
                    "--platform",
                    "--python-version",
                    "--implementation",
                    "--abi",
                    "--find-links",
                    "--trusted-host",
                    "--proxy",
                    "--retries",
                    "--timeout",
                    "--cache-dir",
                    "--log",
                    "--python",
                    "--dest",
                    "--progress-bar",
                    "--config-settings",
                    "--global-option",
                    "--report",
                    "--format",
                    "--exclude",
                    "--path",
                ],
            )
        },
        "uv" => Spec {
            globals: Some(UV_GLOBALS),
            ..with_subcommand(
                "pwPCif",
                &[
                    "--allow-insecure-host",
                    "--python-preference",
                    "--no-extra",
                    "--no-binary-package",
                    "--no-build-package",
                    "--no-build-isolation-package",
                    "--config-setting",
                    "--config-settings-package",
                    "--keyring-provider",
                    "--fork-strategy",
                    "--exclude-newer-package",
                    "--with",
                    "--python",
                    "--group",
                    "--optional",
                    "--directory",
                    "--project",
                    "--extra",
                    "--index",
                    "--index-url",
                    "--default-index",
                    "--extra-index-url",
                    "--find-links",
                    "--package",
                    "--with-requirements",
                    "--with-editable",
                    "--env-file",
                    "--cache-dir",
                    "--config-file",
                    "--only-group",
                    "--no-group",
                    "--python-platform",
                    "--index-strategy",
                    "--resolution",
                    "--prerelease",
                    "--exclude-newer",
                    "--upgrade-package",
                    "--reinstall-package",
                    "--refresh-package",
                    "--link-mode",
                    "--color",
                    "--output-file",
                    "--script",
                    "--from",
                    "--branch",
                    "--tag",
                    "--rev",
                    "--bounds",
                    "--requirements",
                    "--constraints",
                    "--overrides",
                    "--target",
                    "--prefix",
                ],
            )
        },
        "date" => flat("dfrs", &["--date", "--file", "--reference", "--set"]),
        "sed" => Spec { attached: "i", ..flat("ef", &["--expression", "--file", "--line-length"]) },
        "cut" => flat("dfcb", &["--delimiter", "--fields", "--characters", "--bytes", "--output-delimiter"]),
        "tar" => flat(
            "fCbHTXKNVgIL",
            &[
                "--file",
                "--directory",
                "--exclude",
                "--files-from",
                "--exclude-from",
                "--use-compress-program",
                "--transform",
                "--owner",
                "--group",
                "--mode",
                "--mtime",
                "--format",
                "--label",
                "--newer",
                "--blocking-factor",
                "--strip-components",
                "--listed-incremental",
                "--to-command",
            ],
        ),
        "sqlite3" => flat(
            "",
            &[
                "-cmd",
                "-nonce",
                "--nonce",
                "-separator",
                "-newline",
                "-nullvalue",
                "-init",
                "-vfs",
                "-pagecache",
                "-lookaside",
                "-mmap",
                "-maxsize",
            ],
        ),
        "python" | "python3" | "python2" | "pypy" | "pypy3" => {
            Spec { short: "cmWXQ", stops_at_argument: true, terminal: &["-c", "-m"], ..NONE }
        }
        "awk" | "gawk" | "mawk" | "nawk" => {
            flat("fvFE", &["--file", "--assign", "--field-separator", "--source", "--include", "--load"])
        }
        // `-i`, `-l`, `--replace`, `--eof` and `--max-lines` take their value only attached: a following word is the
        // command xargs runs.
        "xargs" => stop_at_argument(Spec {
            attached: "il",
            ..flat(
                "ILnPsdEa",
                &["--max-args", "--max-procs", "--max-chars", "--delimiter", "--arg-file", "--process-slot-var"],
            )
        }),
        "timeout" => stop_at_argument(flat("sk", &["--signal", "--kill-after"])),
        // `-h` alone asks for help; a host is given as `--host=…`.
        "sudo" => stop_at_argument(flat(
            "ugpCDrtUTR",
            &[
                "--user",
                "--group",
                "--host",
                "--prompt",
                "--close-from",
                "--chdir",
                "--role",
                "--type",
                "--other-user",
                "--command-timeout",
                "--chroot",
            ],
        )),
        "env" => stop_at_argument(flat(
            "uCS",
            &["--unset", "--chdir", "--split-string", "--block-signal", "--default-signal", "--ignore-signal"],
        )),
        "nice" => stop_at_argument(flat("n", &["--adjustment"])),
        "vale" => flat("", &["--config", "--output", "--minAlertLevel", "--glob", "--ext", "--filter", "--sort"]),
        "terraform" | "terragrunt" | "tofu" => Spec {
            has_subcommand: true,
            single_dash_long: true,
            long: &[
                "-chdir",
                "-var",
                "-var-file",
                "-target",
                "-out",
                "-state",
                "-state-out",
                "-backup",
                "-lock-timeout",
                "-parallelism",
                "-replace",
                "-backend-config",
                "-plugin-dir",
            ],
            ..NONE
        },
        // npm's `-w` names a workspace; pnpm's `-w` is a flag (the workspace root) and its `-F` is `--filter`.
        "npm" => Spec {
            globals: Some(NPM_GLOBALS),
            equals_after_short: true,
            ..with_subcommand("wCL", JS_PACKAGE_MANAGER_OPTIONS)
        },
        "yarn" | "npx" => with_subcommand("wC", JS_PACKAGE_MANAGER_OPTIONS),
        "pnpm" => with_subcommand("CF", JS_PACKAGE_MANAGER_OPTIONS),
        "cargo" => with_subcommand(
            "pjFCZ",
            &[
                "--package",
                "--jobs",
                "--features",
                "--target",
                "--target-dir",
                "--manifest-path",
                "--bin",
                "--example",
                "--test",
                "--bench",
                "--profile",
                "--color",
                "--config",
                "--exclude",
                "--message-format",
                "--lockfile-path",
                "--root",
                "--index",
                "--registry",
                "--git",
                "--branch",
                "--tag",
                "--rev",
                "--path",
                "--vers",
                "--version",
                "--name",
                "--edition",
                "--vcs",
                "--depth",
            ],
        ),
        "du" => {
            flat("dBt", &["--max-depth", "--block-size", "--threshold", "--exclude", "--time-style", "--files0-from"])
        }
        "diff" => flat(
            "CUFIxSLX",
            &[
                "--label",
                "--from-file",
                "--to-file",
                "--exclude",
                "--exclude-from",
                "--ignore-matching-lines",
                "--starting-file",
                "--show-function-line",
                "--line-format",
                "--old-line-format",
                "--new-line-format",
                "--unchanged-line-format",
                "--old-group-format",
                "--new-group-format",
                "--changed-group-format",
                "--unchanged-group-format",
                "--horizon-lines",
                "--tabsize",
                "--width",
                "--palette",
            ],
        ),
        "touch" => flat("rtd", &["--reference", "--date", "--time"]),
        "mkdir" => flat("m", &["--mode"]),
        "tree" => flat(
            "LPIoH",
            &[
                "--filelimit",
                "--timefmt",
                "--charset",
                "--sort",
                "--fromfile",
                "--gitfile",
                "--infofile",
                "--hintro",
                "--houtro",
            ],
        ),
        "ls" => flat(
            "wIT",
            &[
                "--width",
                "--ignore",
                "--tabsize",
                "--hide",
                "--format",
                "--sort",
                "--time",
                "--time-style",
                "--block-size",
                "--indicator-style",
                "--quoting-style",
            ],
        ),
        "wc" => flat("", &["--files0-from"]),
        "uniq" => flat("fsw", &["--skip-fields", "--skip-chars", "--check-chars"]),
        "xxd" => Spec {
            single_dash_long: true,
            ..flat(
                "",
                &["-c", "-cols", "-g", "-groupsize", "-l", "-len", "-n", "-name", "-o", "-offset", "-s", "-seek"],
            )
        },
        "cp" | "mv" => flat("St", &["--suffix", "--target-directory", "--sparse", "--no-preserve"]),
        "ln" => flat("St", &["--suffix", "--target-directory"]),
        "chmod" | "chown" | "chgrp" => flat("", &["--reference", "--from"]),
        "rm" | "trash" | "cat" | "file" | "rmdir" => NONE,
        "az" | "gcloud" | "aws" => with_subcommand(
            "og",
            &[
                "--output",
                "--query",
                "--subscription",
                "--resource-group",
                "--name",
                "--location",
                "--project",
                "--region",
                "--profile",
                "--zone",
                "--format",
                "--filter",
                "--account",
                "--configuration",
                "--endpoint-url",
                "--cli-input-json",
            ],
        ),
        "ruff" | "mypy" | "black" | "brew" | "opa" => with_subcommand(
            "",
            &[
                "--config",
                "--target-version",
                "--line-length",
                "--select",
                "--ignore",
                "--exclude",
                "--extend-select",
                "--extend-ignore",
                "--output-format",
                "--python-version",
                "--cache-dir",
                "--data",
                "--bundle",
                "--format",
                "--include",
                "--force-exclude",
                "--extend-exclude",
                "--fix-only",
                "--stdin-filename",
            ],
        ),
        "pytest" => flat(
            "kmcporWn",
            &[
                "--maxfail",
                "--rootdir",
                "--confcutdir",
                "--basetemp",
                "--junitxml",
                "--junit-xml",
                "--junit-prefix",
                "--cov",
                "--cov-report",
                "--cov-config",
                "--deselect",
                "--ignore",
                "--ignore-glob",
                "--durations",
                "--tb",
                "--log-level",
                "--log-file",
                "--log-file-level",
                "--log-cli-level",
                "--html",
                "--report-log",
                "--result-log",
                "--override-ini",
                "--capture",
                "--import-mode",
                "--numprocesses",
                "--dist",
                "--timeout",
            ],
        ),
        "watch" => stop_at_argument(flat("nq", &["--interval", "--equexit"])),
        "flock" => stop_at_argument(flat("wEc", &["--timeout", "--conflict-exit-code", "--command"])),
        "strace" | "ltrace" => stop_at_argument(flat(
            "oepsabIOSuEPX",
            &[
                "--output",
                "--trace",
                "--attach",
                "--string-limit",
                "--user",
                "--env",
                "--columns",
                "--signal",
                "--status",
                "--summary-columns",
                "--trace-path",
            ],
        )),
        "ionice" => stop_at_argument(flat("cnpPu", &["--class", "--classdata", "--pid", "--pgid", "--uid"])),
        "parallel" | "sem" => stop_at_argument(flat(
            "jSaIdnNL",
            &[
                "--jobs",
                "--sshlogin",
                "--joblog",
                "--arg-file",
                "--colsep",
                "--delimiter",
                "--results",
                "--tmpdir",
                "--workdir",
                "--wd",
                "--timeout",
                "--halt",
                "--delay",
                "--memfree",
                "--load",
                "--max-args",
                "--sshloginfile",
                "--basefile",
                "--return",
                "--env",
                "--tag-string",
                "--sshdelay",
            ],
        )),
        "su" | "runuser" => stop_at_argument(flat("csgG", &["--command", "--shell", "--group", "--supp-group"])),
        "script" => stop_at_argument(flat(
            "cEo",
            &["--command", "--echo", "--output-limit", "--log-timing", "--log-in", "--log-out", "--log-io"],
        )),
        "exec" => stop_at_argument(flat("a", &[])),
        "time" => stop_at_argument(flat("fo", &["--format", "--output"])),
        "stdbuf" => stop_at_argument(flat("ioe", &["--input", "--output", "--error"])),
        "doas" | "pkexec" => stop_at_argument(flat("uC", &["--user"])),
        "chroot" => stop_at_argument(flat("", &["--userspec", "--groups"])),
        "nohup" | "setsid" | "builtin" | "command" | "taskset" | "busybox" | "bash" | "sh" | "zsh" | "dash" | "ksh"
        | "mksh" | "ash" | "fish" | "eval" => Spec { stops_at_argument: true, ..NONE },
        "printf" => flat("v", &[]),
        "read" => flat("adinNptu", &[]),
        "mapfile" | "readarray" => flat("dnOsuCc", &[]),
        "wait" => flat("p", &[]),
        "sleep" | "echo" | "pwd" | "true" | "false" => NONE,
        _ => return None,
    };
    Some(spec)
}

/// The options of `executable` that take a value, as (short letters, long names): the one table the wrapper walk
/// also uses to find where a wrapped command starts. Letters whose value can only be attached are not included.
pub(super) fn value_options(executable: &str) -> (&'static str, &'static [&'static str]) {
    command_spec(executable).map_or(("", &[]), |spec| (spec.short, spec.long))
}

/// Extra value-taking options of a subcommand, on top of its command's.
fn subcommand_spec(executable: &str, subcommand: &str) -> Spec {
    match (executable, subcommand) {
        ("git", "commit") => flat(
            "mFCct",
            &[
                "--message",
                "--file",
                "--author",
                "--date",
                "--fixup",
                "--squash",
                "--reuse-message",
                "--reedit-message",
                "--template",
                "--cleanup",
                "--trailer",
                "--pathspec-from-file",
            ],
        ),
        ("git", "checkout" | "switch") => {
            flat("bBc", &["--orphan", "--conflict", "--pathspec-from-file", "--track", "--create", "--force-create"])
        }
        ("git", "log" | "shortlog" | "whatchanged") => flat(
            "n",
            &[
                "--max-count",
                "--author",
                "--committer",
                "--grep",
                "--since",
                "--after",
                "--until",
                "--before",
                "--format",
                "--pretty",
                "--skip",
                "--date",
                "--decorate-refs",
                "--decorate-refs-exclude",
                "--encoding",
                "--output",
            ],
        ),
        ("git", "show") => flat("", &["--format", "--pretty", "--output", "--encoding"]),
        ("git", "diff") => flat(
            "",
            &[
                "--output",
                "--diff-filter",
                "--src-prefix",
                "--dst-prefix",
                "--word-diff-regex",
                "--stat-width",
                "--ignore-matching-lines",
            ],
        ),
        ("git", "push") => flat("o", &["--push-option", "--repo", "--receive-pack", "--exec", "--recurse-submodules"]),
        ("git", "pull" | "fetch") => flat(
            "joXs",
            &[
                "--depth",
                "--deepen",
                "--shallow-since",
                "--shallow-exclude",
                "--upload-pack",
                "--jobs",
                "--server-option",
                "--refmap",
                "--negotiation-tip",
                "--strategy",
                "--strategy-option",
                "--cleanup",
                "--filter",
                "--recurse-submodules-default",
                "--submodule-prefix",
            ],
        ),
        ("git", "init") => {
            flat("b", &["--template", "--separate-git-dir", "--initial-branch", "--object-format", "--ref-format"])
        }
        ("git", "clone") => flat(
            "objuc",
            &[
                "--origin",
                "--branch",
                "--upload-pack",
                "--reference",
                "--reference-if-able",
                "--separate-git-dir",
                "--depth",
                "--shallow-since",
                "--shallow-exclude",
                "--jobs",
                "--config",
                "--template",
                "--filter",
                "--server-option",
                "--bundle-uri",
            ],
        ),
        ("git", "branch") => flat(
            "tu",
            &[
                "--set-upstream-to",
                "--contains",
                "--no-contains",
                "--merged",
                "--no-merged",
                "--points-at",
                "--format",
                "--sort",
                "--track",
            ],
        ),
        ("git", "tag") => flat(
            "mFu",
            &[
                "--message",
                "--file",
                "--local-user",
                "--contains",
                "--no-contains",
                "--merged",
                "--no-merged",
                "--points-at",
                "--format",
                "--sort",
                "--cleanup",
            ],
        ),
        ("git", "stash") => flat("m", &["--message", "--pathspec-from-file"]),
        ("git", "remote") => flat("tm", &["--track", "--master", "--push"]),
        ("git", "reset" | "restore" | "rm" | "add") => flat("s", &["--pathspec-from-file", "--source", "--chmod"]),
        ("git", "merge" | "rebase" | "cherry-pick" | "revert") => flat(
            "msSXFx",
            &[
                "--message",
                "--file",
                "--strategy",
                "--strategy-option",
                "--onto",
                "--exec",
                "--gpg-sign",
                "--mainline",
                "--cleanup",
            ],
        ),
        ("git", "worktree") => flat("bB", &["--reason", "--expire"]),
        ("git", "config") => flat("f", &["--file", "--blob", "--type", "--default", "--comment"]),
        ("git", "grep") => flat(
            "efABCm",
            &["--max-depth", "--max-count", "--after-context", "--before-context", "--context", "--threads"],
        ),
        ("git", "blame") => flat("LSC", &["--contents", "--ignore-rev", "--ignore-revs-file", "--date"]),
        ("uv" | "npm" | "pnpm" | "yarn" | "poetry" | "cargo", "run" | "exec" | "x" | "dlx") => {
            Spec { stops_at_argument: true, ..NONE }
        }
        ("uv", "tool") => Spec { stops_at_argument: true, ..NONE },
        _ => NONE,
    }
}

fn takes_value(spec: &Spec, extra: &Spec, name: &str) -> bool {
    if let Some(letter) = name.strip_prefix('-').filter(|rest| !rest.starts_with('-'))
        && !spec.single_dash_long
        && !extra.single_dash_long
        && letter.chars().count() == 1
    {
        return spec.short.contains(letter) || extra.short.contains(letter);
    }
    spec.long.contains(&name) || extra.long.contains(&name)
}

/// Splits the words after the executable into subcommand, arguments, flags and options.
pub fn classify(executable: &str, words: &[String]) -> Classified {
    let mut out = Classified::default();
    let known = command_spec(executable);
    let spec = known.unwrap_or(NONE);
    let mut extra = NONE;
    let mut positional_only = false;
    // An option before the subcommand that the command is not known to take there: the subcommand is then unknown.
    let mut unknown_global = false;
    let mut index = 0;
    while index < words.len() {
        let word = &words[index];
        index += 1;
        let is_option = !positional_only && word.len() > 1 && word.starts_with('-');
        if !is_option {
            if positional_only {
                out.arguments.push(word.clone());
                continue;
            }
            if spec.has_subcommand && out.subcommand.is_none() && !unknown_global {
                out.subcommand = Some(word.clone());
                extra = subcommand_spec(executable, word);
                continue;
            }
            out.arguments.push(word.clone());
            if spec.stops_at_argument || extra.stops_at_argument {
                positional_only = true;
            }
            continue;
        }
        if word == "--" {
            positional_only = true;
            continue;
        }
        let add_option = |out: &mut Classified, name: &str, value: &str| {
            out.options.insert(name.to_owned(), value.to_owned());
            out.option_list.push(OptionValue { name: name.to_owned(), value: value.to_owned() });
        };
        if let Some((name, value)) = word.split_once('=').filter(|(name, _)| name.starts_with("--")) {
            add_option(&mut out, name, value);
            continue;
        }
        if known.is_none() {
            out.flags.push(word.clone());
            continue;
        }
        if let Some(globals) = spec.globals.filter(|_| out.subcommand.is_none() && !unknown_global) {
            match global_option(&globals, word) {
                Some(GlobalWord { flags, value }) => {
                    out.flags.extend(flags);
                    match value {
                        Some((name, Some(attached))) => {
                            let attached =
                                if spec.equals_after_short { attached.trim_start_matches('=') } else { &attached };
                            add_option(&mut out, &name, attached)
                        }
                        Some((name, None)) if index < words.len() => {
                            add_option(&mut out, &name, &words[index]);
                            index += 1;
                        }
                        Some((name, None)) => out.flags.push(name),
                        None => {}
                    }
                }
                // `-f=FILE`, `-Rf=FILE`: the last letter takes the value, as Go's flag parser reads it.
                None if globals.unknown_takes_value && word.contains('=') => {
                    let (name, value) = word.split_once('=').unwrap_or((word, ""));
                    if name.starts_with("--") || name.chars().count() <= 2 {
                        add_option(&mut out, name, value);
                    } else {
                        let letters: Vec<char> = name.chars().skip(1).collect();
                        let (last, before) = letters.split_last().map_or(('-', &[][..]), |(l, b)| (*l, b));
                        out.flags.extend(before.iter().map(|letter| format!("-{letter}")));
                        add_option(&mut out, &format!("-{last}"), value);
                    }
                }
                // cobra skips the word after it when looking for the command; an option word there is still read
                // as an option, so it is left to be one.
                None if globals.unknown_takes_value && (word.starts_with("--") || word.chars().count() == 2) => {
                    if words.get(index).is_some_and(|next| !next.starts_with('-')) {
                        add_option(&mut out, word, &words[index]);
                        index += 1;
                    } else {
                        out.flags.push(word.clone());
                    }
                }
                None if globals.unknown_takes_value => out.flags.push(word.clone()),
                None => {
                    unknown_global = true;
                    out.flags.push(word.clone());
                }
            }
            continue;
        }
        let whole_word = word.starts_with("--") || spec.single_dash_long || extra.single_dash_long;
        if whole_word || spec.long.contains(&word.as_str()) || extra.long.contains(&word.as_str()) {
            if let Some((name, value)) = word.split_once('=').filter(|_| spec.single_dash_long) {
                add_option(&mut out, name, value);
            } else if takes_value(&spec, &extra, word) && index < words.len() {
                add_option(&mut out, word, &words[index]);
                index += 1;
                if spec.terminal.contains(&word.as_str()) {
                    positional_only = true;
                }
            } else {
                out.flags.push(word.clone());
            }
            continue;
        }
        // A bundle of short options: split it, and let the first value-taking letter take the rest or the next word.
        let letters: Vec<char> = word.chars().skip(1).collect();
        for (position, letter) in letters.iter().enumerate() {
            let name = format!("-{letter}");
            if spec.attached.contains(*letter) {
                let attached: String = letters[position + 1..].iter().collect();
                if attached.is_empty() && words.get(index).is_some_and(String::is_empty) {
                    // BSD's spelling of an empty suffix: `sed -i '' 's/a/b/' f`.
                    add_option(&mut out, &name, "");
                    index += 1;
                } else if attached.is_empty() {
                    out.flags.push(name);
                } else {
                    add_option(&mut out, &name, &attached);
                }
                break;
            }
            if takes_value(&spec, &extra, &name) {
                let attached: String = letters[position + 1..].iter().collect();
                let attached = if spec.equals_after_short { attached.trim_start_matches('=') } else { &attached };
                if !attached.is_empty() {
                    add_option(&mut out, &name, attached);
                } else if index < words.len() {
                    add_option(&mut out, &name, &words[index]);
                    index += 1;
                } else {
                    out.flags.push(name.clone());
                }
                if spec.terminal.contains(&name.as_str()) {
                    positional_only = true;
                }
                break;
            }
            out.flags.push(name);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn git_global_option_value_is_not_the_subcommand() {
        let split = classify("git", &words("-C dir status -s"));
        assert_eq!(split.subcommand.as_deref(), Some("status"));
        assert_eq!(split.options.get("-C").map(String::as_str), Some("dir"));
        assert_eq!(split.flags, vec!["-s"]);
    }

    #[test]
    fn combined_short_flags_split_and_last_takes_the_value() {
        let split = classify("git", &words("commit -am msg file"));
        assert_eq!(split.flags, vec!["-a"]);
        assert_eq!(split.options.get("-m").map(String::as_str), Some("msg"));
        assert_eq!(split.arguments, vec!["file"]);
    }

    #[test]
    fn attached_short_value_and_long_equals() {
        let split = classify("head", &words("-n5 --bytes=10 f"));
        assert_eq!(split.options.get("-n").map(String::as_str), Some("5"));
        assert_eq!(split.options.get("--bytes").map(String::as_str), Some("10"));
        assert_eq!(split.arguments, vec!["f"]);
    }

    #[test]
    fn an_unknown_option_before_the_subcommand_leaves_it_unnamed() {
        let hidden = classify("git", &words("--frob status config core.pager x"));
        assert_eq!(hidden.subcommand, None);
        assert_eq!(hidden.arguments, words("status config core.pager x"));
        let known = classify("git", &words("--shallow-file status config core.pager x"));
        assert_eq!(known.subcommand.as_deref(), Some("config"));
        let bundled = classify("git", &words("-pC sub log -C"));
        assert_eq!(bundled.subcommand.as_deref(), Some("log"));
        assert_eq!(bundled.options.get("-C").map(String::as_str), Some("sub"));
        assert_eq!(bundled.flags, vec!["-p", "-C"]);
        let kubectl = classify("kubectl", &words("-v 6 --cache-dir get delete pod x"));
        assert_eq!(kubectl.subcommand.as_deref(), Some("delete"));
        // kubectl skips an option it does not know there together with the next word.
        assert_eq!(classify("kubectl", &words("-o wide get pods")).subcommand.as_deref(), Some("get"));
        assert_eq!(classify("kubectl", &words("--frob get delete pod x")).subcommand.as_deref(), Some("delete"));
        let docker = classify("docker", &words("-D ps -a"));
        assert_eq!(docker.subcommand.as_deref(), Some("ps"));
        assert_eq!(classify("docker", &words("--frob ps run x")).subcommand, None);
        // Go's flag parser reads `-k=dir` as `dir`.
        assert_eq!(classify("kubectl", &words("get -k=/x")).options.get("-k").map(String::as_str), Some("/x"));
        assert_eq!(classify("kubectl", &words("-f=/x get")).options.get("-f").map(String::as_str), Some("/x"));
        assert_eq!(classify("kubectl", &words("-Rf=/x get")).options.get("-f").map(String::as_str), Some("/x"));
        assert_eq!(classify("kubectl", &words("-R -f=/x get")).options.get("-f").map(String::as_str), Some("/x"));
        assert_eq!(classify("pip", &words("--log-file freeze install x")).subcommand.as_deref(), Some("install"));
        assert_eq!(classify("pip", &words("--cer freeze install x")).subcommand, None);
        assert_eq!(classify("uv", &words("--allow-insecure-host sync run python")).subcommand.as_deref(), Some("run"));
        assert_eq!(classify("npm", &words("--before test install x")).subcommand.as_deref(), Some("install"));
        assert_eq!(classify("npm", &words("-s run build")).subcommand.as_deref(), Some("run"));
    }

    #[test]
    fn an_optional_value_is_only_ever_attached() {
        for (program, line, operands) in [
            ("grep", "--color '' secret", vec!["''", "secret"]),
            ("diff", "--unified old new", vec!["old", "new"]),
            ("cp", "--backup --preserve from to", vec!["from", "to"]),
            ("ls", "--color dir", vec!["dir"]),
            ("mkdir", "--context dir", vec!["dir"]),
            ("sed", "--separate s/a/b/ file", vec!["s/a/b/", "file"]),
        ] {
            let split = classify(program, &words(line));
            assert_eq!(split.arguments, operands, "{program} {line}");
        }
        let attached = classify("grep", &words("--color=always x f"));
        assert_eq!(attached.options.get("--color").map(String::as_str), Some("always"));
        // ripgrep's `--color` always takes the next word.
        let rg = classify("rg", &words("--color never x f"));
        assert_eq!(rg.options.get("--color").map(String::as_str), Some("never"));
        assert_eq!(rg.arguments, vec!["x", "f"]);
    }

    #[test]
    fn unknown_short_option_never_swallows_a_value() {
        let split = classify("cat", &words("-z /etc/passwd"));
        assert_eq!(split.flags, vec!["-z"]);
        assert_eq!(split.arguments, vec!["/etc/passwd"]);
        let unknown = classify("frobnicate", &words("-x a --y=b --z"));
        assert_eq!(unknown.flags, vec!["-x", "--z"]);
        assert_eq!(unknown.arguments, vec!["a"]);
        assert_eq!(unknown.options.get("--y").map(String::as_str), Some("b"));
    }

    #[test]
    fn double_dash_ends_options() {
        let split = classify("grep", &words("-e x -- -v file"));
        assert_eq!(split.arguments, vec!["-v", "file"]);
        assert_eq!(split.options.get("-e").map(String::as_str), Some("x"));
    }

    #[test]
    fn find_predicates_take_their_values() {
        let split = classify("find", &words(". -name *.py -maxdepth 2 -print"));
        assert_eq!(split.arguments, vec!["."]);
        assert_eq!(split.options.get("-name").map(String::as_str), Some("*.py"));
        assert_eq!(split.options.get("-maxdepth").map(String::as_str), Some("2"));
        assert_eq!(split.flags, vec!["-print"]);
    }

    #[test]
    fn sed_in_place_suffix_is_attached_only() {
        let split = classify("sed", &words("-i s/a/b/ f"));
        assert_eq!(split.flags, vec!["-i"]);
        assert_eq!(split.arguments, vec!["s/a/b/", "f"]);
        let suffixed = classify("sed", &words("-i.bak -e s/a/b/ f"));
        assert_eq!(suffixed.options.get("-i").map(String::as_str), Some(".bak"));
        assert_eq!(suffixed.arguments, vec!["f"]);
        let bsd = classify("sed", &["-i".to_owned(), String::new(), "1e id".to_owned(), "f".to_owned()]);
        assert_eq!(bsd.options.get("-i").map(String::as_str), Some(""));
        assert_eq!(bsd.arguments, vec!["1e id", "f"]);
    }

    #[test]
    fn run_subcommands_keep_the_program_words_positional() {
        let split = classify("uv", &words("run --with rich pytest -x tests"));
        assert_eq!(split.subcommand.as_deref(), Some("run"));
        assert_eq!(split.options.get("--with").map(String::as_str), Some("rich"));
        assert_eq!(split.arguments, vec!["pytest", "-x", "tests"]);
    }

    #[test]
    fn python_code_option_ends_option_parsing() {
        let split = classify("python3", &words("-c code -x"));
        assert_eq!(split.options.get("-c").map(String::as_str), Some("code"));
        assert_eq!(split.arguments, vec!["-x"]);
    }

    #[test]
    fn kubectl_namespace_before_verb() {
        let split = classify("kubectl", &words("-n ns get pods -o yaml"));
        assert_eq!(split.subcommand.as_deref(), Some("get"));
        assert_eq!(split.arguments, vec!["pods"]);
        assert_eq!(split.options.get("-o").map(String::as_str), Some("yaml"));
    }
}
