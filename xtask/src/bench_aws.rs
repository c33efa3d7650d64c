//! The crawl part of the bench: moto seeded through boto3, `meshdesk-proxy` in front of it, and
//! `meshdesk refresh` timed against a sequential boto3 crawler, calls counted per API.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::bench::{Binaries, Options, median, output};
use crate::prerequisites;
use crate::workspace::{self, Workspace};

const SEED_SCRIPT: &str = include_str!("../bench/seed_moto.py");
const CRAWL_SCRIPT: &str = include_str!("../bench/crawl_boto3.py");
/// Glue's and Lake Formation's largest page (GetDatabases, GetTables, SearchTablesByLFTags).
const PAGE: usize = 100;
/// Tables changed for the incremental refresh figure.
const CHANGED: f64 = 0.01;

/// The crawled mesh: accounts × databases × tables per database × columns.
#[derive(Debug, Clone, Copy)]
pub struct CrawlShape {
    pub accounts: usize,
    pub databases: usize,
    pub tables: usize,
    pub columns: usize,
}

impl CrawlShape {
    fn tables_total(&self) -> usize {
        self.accounts * self.databases * self.tables
    }

    /// Glue + Lake Formation calls no crawler reading the same information can go below, per
    /// way of reading tags: (moto's per-resource reads, Lake Formation's per-resource reads,
    /// Lake Formation's bulk search).
    fn bounds(&self) -> (usize, usize, usize) {
        let (d, t) = (self.databases, self.databases * self.tables);
        // GetDatabases pages, GetTables pages per database, ListLFTags, ListPermissions,
        // GetDataLakeSettings, ListDataCellsFilter (each one page at this size).
        let listings = d.div_ceil(PAGE) + d * self.tables.div_ceil(PAGE) + 4;
        // Per resource: each database, each table; moto answers column tags only when the
        // columns are named, which takes a second call per table (Lake Formation answers both at
        // once). Bulk: SearchDatabasesByLFTags and SearchTablesByLFTags pages (every seeded
        // table carries a sensitivity tag, so one key's search returns every table with all its
        // tags, columns' included).
        let per = |n: usize| self.accounts * n;
        (per(listings + d + 2 * t), per(listings + d + t), per(listings + d.div_ceil(PAGE) + t.div_ceil(PAGE)))
    }
}

/// What the crawl part measured.
#[derive(Debug)]
pub struct CrawlFigures {
    shape: CrawlShape,
    meshdesk_ms: f64,
    boto3_ms: f64,
    meshdesk_calls: BTreeMap<String, u64>,
    boto3_calls: BTreeMap<String, u64>,
    incremental_calls: BTreeMap<String, u64>,
}

/// Calls to the crawled services (Glue and Lake Formation); STS and the hub's DynamoDB are
/// sign-in and Meshdesk's own bookkeeping.
fn crawl_calls(calls: &BTreeMap<String, u64>) -> u64 {
    calls.iter().filter(|(k, _)| k.starts_with("glue:") || k.starts_with("lakeformation:")).map(|(_, v)| v).sum()
}

fn listing(calls: &BTreeMap<String, u64>) -> String {
    calls.iter().filter(|(k, _)| !k.starts_with("fault:")).map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", ")
}

impl CrawlFigures {
    pub fn rows(&self) -> Vec<(String, String, String)> {
        let s = self.shape;
        let (moto_bound, lf_bound, bulk_bound) = s.bounds();
        let calls = crawl_calls(&self.meshdesk_calls) as f64;
        let incremental = crawl_calls(&self.incremental_calls) as f64;
        vec![
            (
                format!(
                    "crawl of {} accounts × {} tables × {} columns: Glue+LF calls / lower bound",
                    s.accounts,
                    s.databases * s.tables,
                    s.columns
                ),
                format!(
                    "{:.2} ({calls:.0} / {moto_bound} per-resource on moto); {:.2} vs bulk bound {bulk_bound}",
                    calls / moto_bound as f64,
                    calls / bulk_bound as f64
                ),
                "≤ 1.05".to_owned(),
            ),
            (
                "same crawl: sequential boto3 wall time / Meshdesk wall time".to_owned(),
                format!("{:.1} ({:.1} s / {:.1} s)", self.boto3_ms / self.meshdesk_ms, self.boto3_ms / 1e3, self.meshdesk_ms / 1e3),
                "≥ 8".to_owned(),
            ),
            (
                format!("refresh after {:.0}% of tables changed: calls / full-crawl calls", CHANGED * 100.0),
                format!("{:.2} ({incremental:.0} / {calls:.0}); bound ≈ 1.00 (see notes)", incremental / calls),
                "as low as the APIs allow".to_owned(),
            ),
        ]
        .into_iter()
        .chain(std::iter::once((
            "(lower bounds of the same crawl)".to_owned(),
            format!("moto per-resource {moto_bound}, LF per-resource {lf_bound}, LF bulk {bulk_bound}"),
            String::new(),
        )))
        .collect()
    }

    pub fn notes(&self) -> Vec<String> {
        let s = self.shape;
        vec![
            String::new(),
            format!("Crawl: {} tables seeded in moto 5.2.5; every call through meshdesk-proxy.", s.tables_total()),
            "moto lacks SearchTablesByLFTags/SearchDatabasesByLFTags, so tags are read per resource here".to_owned(),
            "  (GetResourceLFTags per database, and per table twice: moto returns column tags only when".to_owned(),
            "  the columns are named). The bulk bound is what Lake Formation's search would allow.".to_owned(),
            "moto answers each call in a few ms of one Python process: concurrency is capped by moto, not AWS.".to_owned(),
            "Incremental refresh: Glue has no change feed or modified-since filter (UpdateTime comes back".to_owned(),
            "  only in the listing) and LF-tag changes do not touch UpdateTime, so noticing any change".to_owned(),
            "  needs the listings and the tag reads again: a refresh re-reads everything; bound ≈ 1.00".to_owned(),
            "  short of CloudTrail/EventBridge change events.".to_owned(),
            format!("Meshdesk refresh calls: {}", listing(&self.meshdesk_calls)),
            format!("boto3 crawler calls:    {}", listing(&self.boto3_calls)),
        ]
    }
}

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn http(port: u16, method: &str, path: &str) -> Result<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(stream, "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    Ok(answer.split_once("\r\n\r\n").map(|(_, body)| body.to_owned()).unwrap_or_default())
}

fn start_moto(ws: &Workspace, dir: &Path) -> Result<(Killed, u16)> {
    let port = free_port()?;
    let log = std::fs::File::create(dir.join("moto.log"))?;
    let child = Command::new(prerequisites::moto_server(ws))
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()
        .context("starting moto_server")?;
    let moto = Killed(child);
    let deadline = Instant::now() + Duration::from_secs(60);
    while http(port, "GET", "/moto-api/").is_err() {
        if Instant::now() > deadline {
            bail!("moto_server did not answer on port {port} within a minute");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok((moto, port))
}

fn start_proxy(proxy: &Path, moto: u16, latency_ms: u64) -> Result<(Killed, u16)> {
    let mut child = Command::new(proxy)
        .args(["--upstream", &format!("127.0.0.1:{moto}"), "--latency", &format!("{latency_ms}ms")])
        .stdout(Stdio::piped())
        .spawn()
        .context("starting meshdesk-proxy")?;
    let mut line = String::new();
    BufReader::new(child.stdout.take().context("the proxy's output")?).read_line(&mut line)?;
    let port = line.trim().rsplit(':').next().and_then(|p| p.parse().ok());
    let port = port.with_context(|| format!("meshdesk-proxy said {line:?}, not `listening on ADDR`"))?;
    Ok((Killed(child), port))
}

/// The AWS config: a base profile with static keys, the hub and one profile per account, all
/// by role + source_profile (moto's AssumeRole makes the credentials act as that account).
fn aws_config(endpoint: &str, accounts: usize) -> String {
    let mut text = format!(
        "[profile base]\naws_access_key_id = bench\naws_secret_access_key = bench\nregion = eu-west-1\nendpoint_url = {endpoint}\n\n\
         [profile hub]\nrole_arn = arn:aws:iam::300000000000:role/steward\nrole_session_name = steward\nsource_profile = base\nregion = eu-west-1\nendpoint_url = {endpoint}\n\n"
    );
    for k in 0..accounts {
        let _ = write!(
            text,
            "[profile acct{k:02}]\nrole_arn = arn:aws:iam::2{k:011}:role/meshdesk\nrole_session_name = meshdesk\nsource_profile = base\nregion = eu-west-1\nendpoint_url = {endpoint}\n\n"
        );
    }
    text
}

fn mesh_file(accounts: usize) -> String {
    let mut text = "name = \"Bench mesh\"\n\n[hub]\nprofile = \"hub\"\n".to_owned();
    for k in 0..accounts {
        let _ = write!(text, "\n[[account]]\nprofile = \"acct{k:02}\"\nname = \"domain{k:02}-prod\"\ndomain = \"domain{k:02}\"\n");
    }
    text
}

/// A command with the AWS environment of `config` only (the developer's own AWS variables
/// would change which credentials or endpoint are used).
fn aws_command(program: &Path, dir: &Path, config: &str) -> Command {
    let mut command = Command::new(program);
    for name in ["AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_ROLE_ARN"] {
        command.env_remove(name);
    }
    command
        .env("AWS_CONFIG_FILE", dir.join(config))
        .env("AWS_SHARED_CREDENTIALS_FILE", dir.join("credentials"))
        .env("AWS_EC2_METADATA_DISABLED", "true");
    command
}

fn calls(proxy: u16) -> Result<BTreeMap<String, u64>> {
    Ok(http(proxy, "GET", "/__proxy/calls")?
        .lines()
        .filter_map(|l| l.rsplit_once(' ').and_then(|(k, v)| Some((k.to_owned(), v.parse().ok()?))))
        .collect())
}

fn timed(command: &mut Command) -> Result<f64> {
    let started = Instant::now();
    output(command)?;
    Ok(started.elapsed().as_secs_f64() * 1000.0)
}

pub fn run(ws: &Workspace, binaries: &Binaries, scratch: &Path, options: &Options) -> Result<CrawlFigures> {
    let shape = options.crawl;
    let dir = scratch.join("aws");
    std::fs::create_dir_all(&dir)?;
    let (_moto, moto) = start_moto(ws, &dir)?;
    let (_proxy, proxy) = start_proxy(&binaries.proxy, moto, options.latency_ms)?;
    let (direct, proxied) = (format!("http://127.0.0.1:{moto}"), format!("http://127.0.0.1:{proxy}"));
    std::fs::write(dir.join("direct"), aws_config(&direct, shape.accounts))?;
    std::fs::write(dir.join("proxied"), aws_config(&proxied, shape.accounts))?;
    std::fs::write(dir.join("credentials"), "")?;
    std::fs::write(dir.join("mesh.toml"), mesh_file(shape.accounts))?;
    std::fs::write(dir.join("seed_moto.py"), SEED_SCRIPT)?;
    std::fs::write(dir.join("crawl_boto3.py"), CRAWL_SCRIPT)?;
    let python: PathBuf = prerequisites::moto_venv(ws).join("bin").join("python");
    let shape_args = [shape.accounts, shape.databases, shape.tables, shape.columns].map(|n| n.to_string());

    workspace::step(&format!(
        "seeding moto with {} accounts × {} databases × {} tables × {} columns through boto3 (not timed)",
        shape.accounts, shape.databases, shape.tables, shape.columns
    ));
    let seeded = Instant::now();
    output(aws_command(&python, &dir, "direct").arg(dir.join("seed_moto.py")).arg(&direct).args(&shape_args))?;
    println!("  seeded in {:.1} s", seeded.elapsed().as_secs_f64());
    let mesh = dir.join("mesh.toml");
    let data = dir.join("data");
    let meshdesk = |config: &str, command: &str| {
        let mut c = aws_command(&binaries.cli, &dir, config);
        c.arg(command).arg("--mesh").arg(&mesh).arg("--data-dir").arg(&data);
        c
    };
    output(&mut meshdesk("direct", "setup"))?;
    workspace::step("a first `meshdesk refresh` fills the cache (not timed)");
    output(&mut meshdesk("proxied", "refresh"))?;

    let (mut meshdesk_ms, mut boto3_ms) = (Vec::new(), Vec::new());
    let (mut meshdesk_calls, mut boto3_calls) = (BTreeMap::new(), BTreeMap::new());
    for run in 1..=options.runs {
        workspace::step(&format!("crawl run {run} of {}: meshdesk refresh, then the boto3 crawler", options.runs));
        http(proxy, "POST", "/__proxy/reset")?;
        meshdesk_ms.push(timed(&mut meshdesk("proxied", "refresh"))?);
        meshdesk_calls = calls(proxy)?;
        http(proxy, "POST", "/__proxy/reset")?;
        let started = Instant::now();
        let crawler = aws_command(&python, &dir, "proxied")
            .arg(dir.join("crawl_boto3.py"))
            .arg(&proxied)
            .arg(shape.accounts.to_string())
            .output()
            .context("running the boto3 crawler")?;
        boto3_ms.push(started.elapsed().as_secs_f64() * 1000.0);
        if !crawler.status.success() {
            bail!("the boto3 crawler failed: {}", String::from_utf8_lossy(&crawler.stderr));
        }
        boto3_calls = calls(proxy)?;
        let seen: usize = String::from_utf8_lossy(&crawler.stdout).trim().parse().unwrap_or(0);
        if seen != shape.tables_total() {
            bail!("the boto3 crawler saw {seen} tables of {}", shape.tables_total());
        }
    }

    workspace::step(&format!("changing {:.0}% of the tables, then one more refresh", CHANGED * 100.0));
    output(aws_command(&python, &dir, "direct").arg(dir.join("seed_moto.py")).arg(&direct).args(&shape_args).args(["--change", &CHANGED.to_string()]))?;
    http(proxy, "POST", "/__proxy/reset")?;
    output(&mut meshdesk("proxied", "refresh"))?;
    let incremental_calls = calls(proxy)?;
    Ok(CrawlFigures {
        shape,
        meshdesk_ms: median(&mut meshdesk_ms),
        boto3_ms: median(&mut boto3_ms),
        meshdesk_calls,
        boto3_calls,
        incremental_calls,
    })
}
