//! # ahc-boot — GHC's own libraries, compiled for ahc
//!
//! [`boot`] compiles GHC 9.0.2's boot libraries from Debian's source package, unpatched,
//! through `ahc-ghc` into a *boot directory*: ahc's own package database plus each module's
//! interface (`.hi`) and STG (`.stg`). By default that is `ghc-prim`, `ghc-bignum` (which every
//! compilation needs, see [`Package::GhcBignum`]) and `base` ([`Package::Base`]: configure,
//! hsc2hs and its 250 modules in a copy of its directory).
//!
//! Layout of a boot directory (all paths in the manifest are relative to it):
//!
//! ```text
//! boot.json                         the Manifest: packages, modules, their files
//! package.conf.d/                   package database: rts.conf (copy of the host's), one
//!                                   .conf per booted unit (paths relative to ${pkgroot})
//! lib/<unit>/<Module/Path>.hi       interfaces (the conf's import-dirs)
//! lib/<unit>/include/*.h            installed headers (base's HsBase.h & co.)
//! stg/<unit>/<Module/Path>.stg      STG of every module (docs/stg-format.md)
//! ```
//!
//! Invariants:
//! - A boot directory is complete or absent: everything is made in a sibling temporary
//!   directory that is renamed into place at the end; a failed boot removes its temporary
//!   directory, an interrupted one leaves only a `.NAME.tmp-PID` sibling that a later boot
//!   removes.
//! - Nothing is computed behind the caller's back: the cache key is the caller's
//!   ([`BootOptions::key`]); a directory whose manifest records the same non-empty key and
//!   [`RECIPE_VERSION`] is reused as it is.
//! - Directories are relocatable: the package database refers to `${pkgroot}` only (besides the
//!   host GHC's own `rts.conf` paths).

use std::ffi::OsString;
use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use serde::{Deserialize, Serialize};

mod recipe;

use recipe::{Prepare, Recipe, BASE, GHC_BIGNUM, GHC_PRIM};

/// Changes whenever what a boot produces changes (flags, package list, layout, manifest).
/// Callers mix it into their cache key.
pub const RECIPE_VERSION: &str = "ahc-boot-4";

/// Name of the manifest file in a boot directory.
pub const MANIFEST_FILE: &str = "boot.json";

const MANIFEST_FORMAT: u32 = 1;
const PACKAGE_DB: &str = "package.conf.d";
const STG_ROOT: &str = "stg";
const LIB_ROOT: &str = "lib";

/// GHC's optimisation level for the libraries. `-O2`, as GHC's own release builds compile
/// them: the native GHC we test against runs libraries built that way, so rewrite rules,
/// specialisations and strictness match. It costs little over `-O` (BOOT-NOTES: ghc-prim
/// 20 s vs 19 s, base 85 s vs 74 s on two cores).
const OPT_LEVEL: &str = "-O2";

/// A library that can be booted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Package {
    GhcPrim,
    /// With its native (pure Haskell) backend. Needed by every compilation, not only by
    /// programs that use big numbers: GHC 9.0's CorePrep looks up
    /// `GHC.Num.BigNat.bigNatFromWordList` before preparing any module outside ghc-prim and
    /// ghc-bignum, and panics if the unit is not in the package database.
    GhcBignum,
    /// GHC's `base` (adds `./configure`, hsc2hs and about 100 s of compiling).
    Base,
}

impl Package {
    /// Every bootable package, in dependency order.
    pub const ALL: &'static [Package] = &[Package::GhcPrim, Package::GhcBignum, Package::Base];

    /// The unit id (the bare wired-in name, e.g. `ghc-prim`).
    pub fn unit(self) -> &'static str {
        self.recipe().unit
    }

    fn recipe(self) -> &'static Recipe {
        match self {
            Package::GhcPrim => &GHC_PRIM,
            Package::GhcBignum => &GHC_BIGNUM,
            Package::Base => &BASE,
        }
    }
}

/// What to boot, from what, into where.
#[derive(Clone, Debug)]
pub struct BootOptions {
    /// GHC 9.0.2's source: an unpacked tree (`apt-get source ghc`), its `.dsc` (unpacked with
    /// `dpkg-source -x`, Debian patches applied) or the `ghc_9.0.2.orig.tar.xz` tarball.
    pub ghc_src: PathBuf,
    /// The `ahc-ghc` binary (`frontend/build.sh`).
    pub ahc_ghc: PathBuf,
    /// The boot directory to create (replaced if it exists with another key).
    pub out_dir: PathBuf,
    /// The host GHC command (`ghc`); `ghc-pkg` is found beside it by name.
    pub ghc: String,
    /// The caller's cache key, recorded in the manifest (see the crate invariants).
    pub key: String,
    /// Packages to boot; their dependencies are added. Default: ghc-prim, ghc-bignum and base
    /// (what ordinary programs are compiled against).
    pub packages: Vec<Package>,
    /// Parallel module compilations (`-j`); default: the number of CPUs.
    pub jobs: Option<usize>,
    /// Print progress on stderr (default true).
    pub progress: bool,
}

impl Default for BootOptions {
    fn default() -> Self {
        BootOptions {
            ghc_src: PathBuf::new(),
            ahc_ghc: PathBuf::from("ahc-ghc"),
            out_dir: PathBuf::new(),
            ghc: "ghc".to_string(),
            key: String::new(),
            packages: vec![Package::GhcPrim, Package::GhcBignum, Package::Base],
            jobs: None,
            progress: true,
        }
    }
}

/// The result of [`boot`].
#[derive(Clone, Debug)]
pub struct BootOutput {
    pub dir: PathBuf,
    pub manifest: Manifest,
    /// The directory was already booted with the same key and was left alone.
    pub reused: bool,
}

/// `boot.json`: what a boot directory contains.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub recipe: String,
    pub key: String,
    pub ghc_version: String,
    /// Relative to the boot directory.
    pub package_db: String,
    /// Relative to the boot directory; holds `<unit>/<Module/Path>.stg`.
    pub stg_root: String,
    /// In dependency order.
    pub packages: Vec<PackageEntry>,
    /// Wall-clock time the boot took.
    pub seconds: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PackageEntry {
    pub unit: String,
    pub version: String,
    /// The GHC flags the modules were compiled with (besides paths).
    pub flags: Vec<String>,
    pub modules: Vec<ModuleEntry>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModuleEntry {
    pub name: String,
    pub exposed: bool,
    /// Relative to the boot directory.
    pub hi: String,
    /// Relative to the boot directory.
    pub stg: String,
}

impl Manifest {
    /// Read `DIR/boot.json`.
    pub fn load(dir: &Path) -> Result<Manifest> {
        let path = dir.join(MANIFEST_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| BootError::io(&path, e))?;
        let m: Manifest = serde_json::from_str(&text)
            .map_err(|e| BootError::Manifest(format!("{}: {e}", path.display())))?;
        if m.format != MANIFEST_FORMAT {
            return Err(BootError::Manifest(format!(
                "{}: manifest format {} (expected {MANIFEST_FORMAT})",
                path.display(),
                m.format
            )));
        }
        Ok(m)
    }

    /// Unit ids, in dependency order.
    pub fn units(&self) -> Vec<String> {
        self.packages.iter().map(|p| p.unit.clone()).collect()
    }

    pub fn package_db(&self, dir: &Path) -> PathBuf {
        dir.join(&self.package_db)
    }

    pub fn stg_root(&self, dir: &Path) -> PathBuf {
        dir.join(&self.stg_root)
    }

    /// Every module's `.stg` file, package by package in dependency order.
    pub fn stg_files(&self, dir: &Path) -> Vec<PathBuf> {
        self.packages
            .iter()
            .flat_map(|p| p.modules.iter().map(|m| dir.join(&m.stg)))
            .collect()
    }
}

/// Why a boot failed.
#[derive(Debug)]
pub enum BootError {
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    /// The GHC source given is unusable.
    Source(String),
    /// A tool (`ahc-ghc`, `ghc-pkg`, `tar`, …) failed; `output` is what it printed.
    Tool {
        command: String,
        status: String,
        output: String,
    },
    /// A compiled module lacks its `.hi` or `.stg` file.
    MissingOutput(PathBuf),
    Manifest(String),
}

impl BootError {
    fn io(path: &Path, error: std::io::Error) -> BootError {
        BootError::Io {
            path: path.to_path_buf(),
            error,
        }
    }
}

impl fmt::Display for BootError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BootError::Io { path, error } => write!(f, "{}: {error}", path.display()),
            BootError::Source(s) => write!(f, "{s}"),
            BootError::Tool {
                command,
                status,
                output,
            } => {
                write!(f, "`{command}` failed ({status})")?;
                if !output.trim().is_empty() {
                    write!(f, ":\n{}", output.trim_end())?;
                }
                Ok(())
            }
            BootError::MissingOutput(p) => write!(f, "{}: not produced by ahc-ghc", p.display()),
            BootError::Manifest(s) => write!(f, "{s}"),
        }
    }
}

impl std::error::Error for BootError {}

type Result<T> = std::result::Result<T, BootError>;

/// Boot the requested packages (see the crate documentation).
pub fn boot(opts: &BootOptions) -> Result<BootOutput> {
    let start = Instant::now();
    let out_dir = absolute(&opts.out_dir)?;
    if !opts.key.is_empty() {
        if let Ok(m) = Manifest::load(&out_dir) {
            if m.key == opts.key && m.recipe == RECIPE_VERSION {
                return Ok(BootOutput {
                    dir: out_dir,
                    manifest: m,
                    reused: true,
                });
            }
        }
    }
    let packages = with_dependencies(&opts.packages);
    let ahc_ghc = absolute(&opts.ahc_ghc)?;
    if !ahc_ghc.is_file() {
        return Err(BootError::Source(format!(
            "{}: no ahc-ghc binary there",
            ahc_ghc.display()
        )));
    }

    let parent = out_dir
        .parent()
        .ok_or_else(|| BootError::Source("output directory has no parent".into()))?;
    let name = out_dir
        .file_name()
        .ok_or_else(|| BootError::Source("output directory has no name".into()))?;
    std::fs::create_dir_all(parent).map_err(|e| BootError::io(parent, e))?;
    remove_stale_temporaries(parent, name);
    let tmp = TempDir(parent.join(temp_name(name, "tmp")));
    mkdir(&tmp.0)?;
    let work = tmp.0.join("work");
    mkdir(&work)?;

    let tree = source_tree(&opts.ghc_src, &work)?;
    let ghc_pkg = ghc_pkg_command(&opts.ghc);
    let db = tmp.0.join(PACKAGE_DB);
    init_package_db(&opts.ghc, &ghc_pkg, &db)?;

    let jobs = opts
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let cx = Ctx {
        tree: &tree,
        boot: &tmp.0,
        ahc_ghc: &ahc_ghc,
        ghc: &opts.ghc,
        ghc_pkg: &ghc_pkg,
        jobs,
        progress: opts.progress,
    };
    let mut entries = Vec::new();
    for p in &packages {
        entries.push(compile_package(p.recipe(), &cx)?);
    }

    remove_dir(&work)?;
    let manifest = Manifest {
        format: MANIFEST_FORMAT,
        recipe: RECIPE_VERSION.to_string(),
        key: opts.key.clone(),
        ghc_version: "9.0.2".to_string(),
        package_db: PACKAGE_DB.to_string(),
        stg_root: STG_ROOT.to_string(),
        packages: entries,
        seconds: (start.elapsed().as_secs_f64() * 10.0).round() / 10.0,
    };
    let json = serde_json::to_string_pretty(&manifest).expect("a manifest serialises");
    let mpath = tmp.0.join(MANIFEST_FILE);
    std::fs::write(&mpath, json + "\n").map_err(|e| BootError::io(&mpath, e))?;

    // Publish: move any previous boot aside, move ours in, delete the previous one.
    let old = parent.join(temp_name(name, "old"));
    let had_old = out_dir.exists();
    if had_old {
        std::fs::rename(&out_dir, &old).map_err(|e| BootError::io(&out_dir, e))?;
    }
    std::fs::rename(&tmp.0, &out_dir).map_err(|e| BootError::io(&out_dir, e))?;
    std::mem::forget(tmp);
    if had_old {
        let _ = std::fs::remove_dir_all(&old);
    }
    if opts.progress {
        let n: usize = manifest.packages.iter().map(|p| p.modules.len()).sum();
        eprintln!(
            "ahc-boot: booted {} ({n} modules) in {:.1} s into {}",
            manifest.units().join(", "),
            manifest.seconds,
            out_dir.display()
        );
    }
    Ok(BootOutput {
        dir: out_dir,
        manifest,
        reused: false,
    })
}

/// The requested packages plus their dependencies, in dependency order.
fn with_dependencies(requested: &[Package]) -> Vec<Package> {
    fn add(p: Package, out: &mut Vec<Package>) {
        if out.contains(&p) {
            return;
        }
        for d in p.recipe().depends {
            add(*d, out);
        }
        out.push(p);
    }
    let mut out = Vec::new();
    for p in Package::ALL {
        if requested.contains(p) {
            add(*p, &mut out);
        }
    }
    out
}

// --- the source tree ---------------------------------------------------------------------------

/// The root of an unpacked GHC 9.0.2 source tree, unpacking `src` into `work` if it is a `.dsc`
/// or a tarball.
fn source_tree(src: &Path, work: &Path) -> Result<PathBuf> {
    let src = absolute(src)?;
    let tree = if src.is_dir() {
        src
    } else {
        let name = src
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dest = work.join("src");
        if name.ends_with(".dsc") {
            let mut c = Command::new("dpkg-source");
            c.arg("-x").arg(&src).arg(&dest);
            run(&mut c)?;
            dest
        } else if name.contains(".tar") {
            mkdir(&dest)?;
            let mut c = Command::new("tar");
            c.arg("-xf")
                .arg(&src)
                .arg("-C")
                .arg(&dest)
                .arg("--wildcards");
            for part in ["*/libraries/*", "*/utils/*", "*/compiler/GHC/Builtin/*"] {
                c.arg(part);
            }
            run(&mut c)?;
            single_subdirectory(&dest)?
        } else {
            return Err(BootError::Source(format!(
                "{}: expected a GHC source tree, a .dsc or a source tarball",
                src.display()
            )));
        }
    };
    let version = tree.join("VERSION");
    match std::fs::read_to_string(&version) {
        Ok(v) if v.trim() == "9.0.2" => {}
        Ok(v) => {
            return Err(BootError::Source(format!(
                "{}: GHC {} sources, ahc needs 9.0.2",
                tree.display(),
                v.trim()
            )))
        }
        Err(_) if tree.join("libraries").join("ghc-prim").is_dir() => {}
        Err(_) => {
            return Err(BootError::Source(format!(
                "{}: not a GHC source tree",
                tree.display()
            )))
        }
    }
    Ok(tree)
}

fn single_subdirectory(dir: &Path) -> Result<PathBuf> {
    let mut dirs = Vec::new();
    for e in std::fs::read_dir(dir).map_err(|e| BootError::io(dir, e))? {
        let e = e.map_err(|e| BootError::io(dir, e))?;
        if e.path().is_dir() {
            dirs.push(e.path());
        }
    }
    match dirs.as_slice() {
        [one] => Ok(one.clone()),
        _ => Err(BootError::Source(format!(
            "{}: the tarball did not unpack into one directory",
            dir.display()
        ))),
    }
}

// --- the package database ----------------------------------------------------------------------

/// `TOOL` from the directory of `ghc`: `TOOL-VERSION` if `ghc` is `ghc-VERSION` and that
/// exists, else `TOOL` there, else `TOOL` on the PATH.
fn tool_beside(ghc: &str, tool: &str) -> String {
    let path = Path::new(ghc);
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut candidates = Vec::new();
    if let Some(version) = file.strip_prefix("ghc-") {
        candidates.push(path.with_file_name(format!("{tool}-{version}")));
    }
    if path.parent().is_some_and(|p| !p.as_os_str().is_empty()) {
        candidates.push(path.with_file_name(tool));
    }
    candidates
        .into_iter()
        .find(|c| c.is_file())
        .map_or_else(|| tool.to_string(), |c| c.to_string_lossy().into_owned())
}

fn ghc_pkg_command(ghc: &str) -> String {
    // ghc → ghc-pkg, /usr/bin/ghc-9.0.2 → /usr/bin/ghc-pkg-9.0.2.
    let path = Path::new(ghc);
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    match file.rfind("ghc") {
        Some(i) => {
            let new = format!("{}ghc-pkg{}", &file[..i], &file[i + 3..]);
            path.with_file_name(new).to_string_lossy().into_owned()
        }
        None => "ghc-pkg".to_string(),
    }
}

/// A fresh database holding a copy of the host GHC's `rts.conf`.
fn init_package_db(ghc: &str, ghc_pkg: &str, db: &Path) -> Result<()> {
    let mut c = Command::new(ghc_pkg);
    c.arg("init").arg(db);
    run(&mut c)?;
    let mut c = Command::new(ghc);
    c.arg("--print-global-package-db");
    let global = PathBuf::from(run(&mut c)?.trim());
    let mut rts = None;
    for e in std::fs::read_dir(&global).map_err(|e| BootError::io(&global, e))? {
        let p = e.map_err(|e| BootError::io(&global, e))?.path();
        let f = p
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        if (f == "rts.conf" || f.starts_with("rts-")) && f.ends_with(".conf") {
            rts = Some(p);
        }
    }
    let rts = rts.ok_or_else(|| BootError::Source(format!("{}: no rts.conf", global.display())))?;
    let target = db.join("rts.conf");
    std::fs::copy(&rts, &target).map_err(|e| BootError::io(&target, e))?;
    let mut c = Command::new(ghc_pkg);
    c.arg("--package-db").arg(db).arg("recache");
    run(&mut c)?;
    Ok(())
}

fn conf_text(r: &Recipe) -> String {
    let mut exposed: Vec<&str> = r.exposed.to_vec();
    exposed.extend_from_slice(r.virtual_modules);
    exposed.extend_from_slice(r.reexported);
    let mut depends = vec!["rts"];
    depends.extend(r.depends.iter().map(|p| p.unit()));
    let mut s = String::new();
    s.push_str(&format!("name: {}\nversion: {}\n", r.unit, r.version));
    s.push_str(&format!("id: {}\nkey: {}\n", r.unit, r.unit));
    s.push_str(&format!("license: {}\n", r.license));
    s.push_str("exposed: True\n");
    s.push_str(&format!("exposed-modules: {}\n", exposed.join(", ")));
    if !r.hidden.is_empty() {
        s.push_str(&format!("hidden-modules: {}\n", r.hidden.join(", ")));
    }
    s.push_str(&format!(
        "import-dirs: ${{pkgroot}}/{LIB_ROOT}/{}\n",
        r.unit
    ));
    if r.include_dir.is_some() {
        s.push_str(&format!(
            "include-dirs: ${{pkgroot}}/{LIB_ROOT}/{}/include\n",
            r.unit
        ));
    }
    s.push_str(&format!("depends: {}\n", depends.join(" ")));
    s
}

// --- compiling ----------------------------------------------------------------------------------

fn module_path(module: &str, ext: &str) -> String {
    format!("{}.{ext}", module.replace('.', "/"))
}

/// What every package's compilation needs.
struct Ctx<'a> {
    tree: &'a Path,
    boot: &'a Path,
    ahc_ghc: &'a Path,
    ghc: &'a str,
    ghc_pkg: &'a str,
    jobs: usize,
    progress: bool,
}

fn compile_package(r: &Recipe, cx: &Ctx) -> Result<PackageEntry> {
    let (boot, ahc_ghc, ghc_pkg, jobs, progress) =
        (cx.boot, cx.ahc_ghc, cx.ghc_pkg, cx.jobs, cx.progress);
    let started = Instant::now();
    let work = boot.join("work").join(r.unit);
    mkdir(&work)?;
    let src = match r.prepare {
        Prepare::Nothing => cx.tree.join(r.dir),
        Prepare::Base => prepare_base(r, cx, &work)?,
    };
    let mut hsc = Vec::new();
    for m in r.exposed.iter().chain(r.hidden) {
        let mut found = false;
        for d in r.source_dirs {
            let base = src.join(d);
            if base.join(module_path(m, "hs")).is_file() {
                found = true;
            } else if base.join(module_path(m, "hsc")).is_file() {
                found = true;
                hsc.push(base.join(module_path(m, "hsc")));
            }
        }
        if !found {
            return Err(BootError::Source(format!(
                "{}: no source for {m} (is this GHC 9.0.2?)",
                src.display()
            )));
        }
    }
    if !hsc.is_empty() {
        if r.prepare == Prepare::Nothing {
            // hsc2hs writes beside its input: only ever into our own copy of the sources.
            return Err(BootError::Source(format!(
                "{}: .hsc sources need a copied tree",
                r.unit
            )));
        }
        run_hsc2hs(r, cx, &src, &hsc)?;
    }
    let db = boot.join(PACKAGE_DB);
    let hi_dir = boot.join(LIB_ROOT).join(r.unit);
    let stg_dir = boot.join(STG_ROOT).join(r.unit);
    let work = boot.join("work").join(r.unit);
    let mut flags: Vec<String> = vec![
        "-this-unit-id".into(),
        r.unit.into(),
        "-package".into(),
        "rts".into(),
    ];
    for d in r.depends {
        flags.push("-package".into());
        flags.push(d.unit().into());
    }
    flags.push(OPT_LEVEL.into());
    // GHC compiles from the top of its tree, so source locations in the libraries (`error`'s
    // CallStack, `undefined`, pattern-match failures) read `libraries/base/GHC/Err.hs:…`: do
    // the same (the package directory is `r.dir` below `root`).
    let root = src
        .ancestors()
        .nth(Path::new(r.dir).components().count())
        .unwrap_or(&src)
        .to_path_buf();
    let in_pkg = |d: &str| {
        let p = Path::new(r.dir).join(d);
        p.components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .collect::<PathBuf>()
            .display()
            .to_string()
    };
    flags.extend(r.flags.iter().map(|f| match f.strip_prefix("-I") {
        Some(d) => format!("-I{}", in_pkg(d)),
        None => f.to_string(),
    }));

    let mut c = Command::new(ahc_ghc);
    c.current_dir(&root)
        .arg("--stg-dir")
        .arg(&stg_dir)
        .args(["-clear-package-db", "-package-db"])
        .arg(&db)
        .args(["-hide-all-packages", "-package-env", "-"])
        .args(&flags)
        .arg(format!("-j{jobs}"))
        .arg("-i")
        .args(r.source_dirs.iter().map(|d| format!("-i{}", in_pkg(d))))
        .arg("-hidir")
        .arg(&hi_dir)
        .arg("-odir")
        .arg(work.join("obj"))
        .arg("-stubdir")
        .arg(work.join("stub"))
        .arg("-tmpdir")
        .arg(work.join("tmp"))
        .args(r.exposed)
        .args(r.hidden);
    mkdir(&work.join("tmp"))?;
    let total = r.exposed.len() + r.hidden.len();
    run_with_progress(&mut c, |line| {
        if let Some((n, m, module)) = parse_progress(line) {
            if progress {
                eprintln!("ahc-boot: {} [{n:>3}/{m}] {module}", r.unit);
            }
        }
    })?;

    let mut modules = Vec::new();
    let exposed = r.exposed.iter().map(|m| (m, true));
    let hidden = r.hidden.iter().map(|m| (m, false));
    for (m, is_exposed) in exposed.chain(hidden) {
        let hi = format!("{LIB_ROOT}/{}/{}", r.unit, module_path(m, "hi"));
        let stg = format!("{STG_ROOT}/{}/{}", r.unit, module_path(m, "stg"));
        for f in [&hi, &stg] {
            if !boot.join(f).is_file() {
                return Err(BootError::MissingOutput(boot.join(f)));
            }
        }
        modules.push(ModuleEntry {
            name: m.to_string(),
            exposed: is_exposed,
            hi,
            stg,
        });
    }

    if let Some(inc) = r.include_dir {
        copy_headers(&src.join(inc), &hi_dir.join("include"))?;
    }

    let conf = work.join(format!("{}.conf", r.unit));
    std::fs::write(&conf, conf_text(r)).map_err(|e| BootError::io(&conf, e))?;
    let mut c = Command::new(ghc_pkg);
    c.arg("--package-db").arg(&db).arg("register").arg(&conf);
    run(&mut c)?;
    if progress {
        eprintln!(
            "ahc-boot: {} done: {total} modules in {:.1} s",
            r.unit,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(PackageEntry {
        unit: r.unit.into(),
        version: r.version.into(),
        flags,
        modules,
    })
}

/// base's generated inputs, in a copy of its directory (the source tree is left untouched).
fn prepare_base(r: &Recipe, cx: &Ctx, work: &Path) -> Result<PathBuf> {
    // At the same relative place as in GHC's tree (see `compile_package`).
    let src = work.join("tree").join(r.dir);
    copy_tree(&cx.tree.join(r.dir), &src)?;
    // GHC's ./boot copies these; the source package lacks them.
    let fs = cx.tree.join("utils").join("fs");
    for (file, dir) in [("fs.h", "include"), ("fs.c", "cbits")] {
        let to = src.join(dir).join(file);
        std::fs::copy(fs.join(file), &to).map_err(|e| BootError::io(&to, e))?;
    }
    if cx.progress {
        eprintln!("ahc-boot: {}: configure", r.unit);
    }
    let mut c = Command::new("sh");
    c.arg("./configure").current_dir(&src);
    run(&mut c)?;
    Ok(src)
}

/// `hsc2hs` over `files` (in `src`), for the host platform (x86_64 Linux, as the rest of the
/// boot: base is configured for 64-bit).
fn run_hsc2hs(r: &Recipe, cx: &Ctx, src: &Path, files: &[PathBuf]) -> Result<()> {
    if cx.progress {
        eprintln!("ahc-boot: {}: hsc2hs ({} modules)", r.unit, files.len());
    }
    let mut c = Command::new(cx.ghc);
    c.arg("--print-libdir");
    let include = PathBuf::from(run(&mut c)?.trim()).join("include");
    let hsc2hs = tool_beside(cx.ghc, "hsc2hs");
    for f in files {
        let mut c = Command::new(&hsc2hs);
        c.current_dir(src)
            .arg("--cflag=-Iinclude")
            .arg(format!("--cflag=-I{}", include.display()))
            .arg("--cflag=-D__GLASGOW_HASKELL__=900");
        for d in [
            "linux_BUILD_OS",
            "x86_64_BUILD_ARCH",
            "linux_HOST_OS",
            "x86_64_HOST_ARCH",
        ] {
            c.arg(format!("--cflag=-D{d}=1"));
        }
        c.arg(f).arg("-o").arg(f.with_extension("hs"));
        run(&mut c)?;
    }
    Ok(())
}

/// `[ 3 of 11] Compiling GHC.Classes ( … )` → (3, 11, "GHC.Classes").
fn parse_progress(line: &str) -> Option<(usize, usize, &str)> {
    let rest = line.strip_prefix('[')?;
    let (counts, rest) = rest.split_once(']')?;
    let (n, m) = counts.split_once(" of ")?;
    let module = rest
        .trim_start()
        .strip_prefix("Compiling ")?
        .split_whitespace()
        .next()?;
    Some((n.trim().parse().ok()?, m.trim().parse().ok()?, module))
}

// --- processes and files ------------------------------------------------------------------------

fn describe(c: &Command) -> String {
    let mut parts: Vec<OsString> = vec![c.get_program().to_os_string()];
    parts.extend(c.get_args().map(|a| a.to_os_string()));
    parts
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Run to completion; stdout on success, an error with all output otherwise.
fn run(c: &mut Command) -> Result<String> {
    let out = c
        .stdin(Stdio::null())
        .output()
        .map_err(|e| BootError::Tool {
            command: describe(c),
            status: e.to_string(),
            output: String::new(),
        })?;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        return Err(BootError::Tool {
            command: describe(c),
            status: out.status.to_string(),
            output: stdout + &String::from_utf8_lossy(&out.stderr),
        });
    }
    Ok(stdout)
}

/// Run to completion, passing each stdout line to `on_line` as it comes; on failure the error
/// carries everything the command printed.
fn run_with_progress(c: &mut Command, mut on_line: impl FnMut(&str)) -> Result<()> {
    let fail = |c: &Command, status: String, output: String| BootError::Tool {
        command: describe(c),
        status,
        output,
    };
    let mut child = c
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| fail(c, e.to_string(), String::new()))?;
    let mut stderr = child.stderr.take().expect("piped");
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let mut all = String::new();
    for line in BufReader::new(child.stdout.take().expect("piped")).lines() {
        let Ok(line) = line else { break };
        on_line(&line);
        all.push_str(&line);
        all.push('\n');
    }
    let status = child
        .wait()
        .map_err(|e| fail(c, e.to_string(), all.clone()))?;
    let err_text = err_reader.join().unwrap_or_default();
    if !status.success() {
        return Err(fail(c, status.to_string(), all + &err_text));
    }
    Ok(())
}

/// Copy a directory tree (regular files and directories).
fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    mkdir(to)?;
    for e in std::fs::read_dir(from).map_err(|e| BootError::io(from, e))? {
        let e = e.map_err(|e| BootError::io(from, e))?;
        let (src, dst) = (e.path(), to.join(e.file_name()));
        let ty = e.file_type().map_err(|e| BootError::io(&src, e))?;
        if ty.is_dir() {
            copy_tree(&src, &dst)?;
        } else if ty.is_file() {
            std::fs::copy(&src, &dst).map_err(|e| BootError::io(&dst, e))?;
        }
    }
    Ok(())
}

/// Copy the `.h` files of `from` into `to`.
fn copy_headers(from: &Path, to: &Path) -> Result<()> {
    mkdir(to)?;
    for e in std::fs::read_dir(from).map_err(|e| BootError::io(from, e))? {
        let p = e.map_err(|e| BootError::io(from, e))?.path();
        if p.extension().is_some_and(|x| x == "h") {
            let dst = to.join(p.file_name().expect("a file"));
            std::fs::copy(&p, &dst).map_err(|e| BootError::io(&dst, e))?;
        }
    }
    Ok(())
}

fn absolute(p: &Path) -> Result<PathBuf> {
    std::path::absolute(p).map_err(|e| BootError::io(p, e))
}

fn mkdir(p: &Path) -> Result<()> {
    std::fs::create_dir_all(p).map_err(|e| BootError::io(p, e))
}

fn remove_dir(p: &Path) -> Result<()> {
    std::fs::remove_dir_all(p).map_err(|e| BootError::io(p, e))
}

fn temp_name(name: &std::ffi::OsStr, what: &str) -> String {
    format!(".{}.{what}-{}", name.to_string_lossy(), std::process::id())
}

/// Remove `.NAME.tmp-PID` / `.NAME.old-PID` left by boots whose process is gone.
fn remove_stale_temporaries(parent: &Path, name: &std::ffi::OsStr) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let name = name.to_string_lossy();
    for e in entries.flatten() {
        let f = e.file_name().to_string_lossy().into_owned();
        let pid = f
            .strip_prefix(&format!(".{name}.tmp-"))
            .or_else(|| f.strip_prefix(&format!(".{name}.old-")))
            .and_then(|pid| pid.parse::<u32>().ok());
        if let Some(pid) = pid {
            let alive = Path::new("/proc").join(pid.to_string()).exists();
            if !alive || pid == std::process::id() {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
}

/// Removed (with its contents) when dropped, unless forgotten.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_lines() {
        assert_eq!(
            parse_progress("[ 3 of 11] Compiling GHC.Classes      ( GHC/Classes.hs, x.o )"),
            Some((3, 11, "GHC.Classes"))
        );
        assert_eq!(parse_progress("Linking..."), None);
    }

    #[test]
    fn ghc_pkg_beside_ghc() {
        assert_eq!(ghc_pkg_command("ghc"), "ghc-pkg");
        assert_eq!(
            ghc_pkg_command("/usr/bin/ghc-9.0.2"),
            "/usr/bin/ghc-pkg-9.0.2"
        );
    }

    #[test]
    fn dependencies_come_first() {
        assert_eq!(
            with_dependencies(&[Package::GhcPrim]),
            vec![Package::GhcPrim]
        );
        assert_eq!(with_dependencies(&[]), vec![]);
        assert_eq!(
            with_dependencies(&[Package::GhcBignum]),
            vec![Package::GhcPrim, Package::GhcBignum]
        );
    }

    #[test]
    fn conf_is_relocatable() {
        let c = conf_text(&GHC_PRIM);
        assert!(c.contains("id: ghc-prim\nkey: ghc-prim\n"), "{c}");
        assert!(c.contains("import-dirs: ${pkgroot}/lib/ghc-prim\n"), "{c}");
        assert!(c.contains(", GHC.Types, GHC.Prim\n"), "{c}");
        let b = conf_text(&BASE);
        assert!(
            b.contains(", GHC.Num.BigNat from ghc-bignum:GHC.Num.BigNat\n"),
            "{b}"
        );
        assert!(
            b.contains("include-dirs: ${pkgroot}/lib/base/include\n"),
            "{b}"
        );
        assert!(b.contains("depends: rts ghc-prim ghc-bignum\n"), "{b}");
        assert!(c.contains("depends: rts\n"), "{c}");
    }

    #[test]
    fn manifest_round_trips() {
        let m = Manifest {
            format: MANIFEST_FORMAT,
            recipe: RECIPE_VERSION.into(),
            key: "k".into(),
            ghc_version: "9.0.2".into(),
            package_db: PACKAGE_DB.into(),
            stg_root: STG_ROOT.into(),
            packages: vec![PackageEntry {
                unit: "ghc-prim".into(),
                version: "0.7.0".into(),
                flags: vec!["-O2".into()],
                modules: vec![ModuleEntry {
                    name: "GHC.Types".into(),
                    exposed: true,
                    hi: "lib/ghc-prim/GHC/Types.hi".into(),
                    stg: "stg/ghc-prim/GHC/Types.stg".into(),
                }],
            }],
            seconds: 1.5,
        };
        let dir = std::env::temp_dir().join(format!("ahc-boot-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(MANIFEST_FILE), serde_json::to_string(&m).unwrap()).unwrap();
        let back = Manifest::load(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(back, m);
        assert_eq!(back.units(), vec!["ghc-prim".to_string()]);
        assert_eq!(
            back.stg_files(Path::new("/b")),
            vec![PathBuf::from("/b/stg/ghc-prim/GHC/Types.stg")]
        );
    }
}
