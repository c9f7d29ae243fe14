//! The cache's binary form: a header (format, tracker version, the ledger's fingerprint and
//! path), the warnings and the model, then a checksum of all of it. Fixed-width
//! little-endian numbers and length-prefixed UTF-8; decoding trusts no length.

use chrono::{Datelike, NaiveDate};
use compact_str::CompactString;

use super::CacheError;
use crate::ledger::model::{
    Investment, Ledger, Milestone, MonthDone, Pledge, Project, Thresholds, Unit, Update,
};
use crate::ledger::problem::{Finding, Problem, Severity};
use crate::ledger::save::{Fingerprint, fingerprint};

const MAGIC: &[u8; 8] = b"TRKCACHE";
/// Bump when the encoding changes; the tracker version is checked as well.
pub(crate) const FORMAT: u32 = 1;
/// The checksum at the end: a fingerprint (length and hash) of everything before it.
const SUM: usize = 16;

/// What a cache file must match to be used.
pub(crate) struct Key<'a> {
    pub version: &'a str,
    pub fingerprint: Fingerprint,
    /// The ledger's canonical path, as bytes.
    pub path: &'a [u8],
}

/// `size_hint`: the ledger file's length; the cache is about a third of it (no RON syntax or
/// field names), so half of it is allocated once instead of doubling through copies.
pub(crate) fn encode(
    key: &Key<'_>,
    ledger: &Ledger,
    warnings: &[Problem],
    size_hint: usize,
) -> Result<Vec<u8>, CacheError> {
    let mut w = Writer(Vec::with_capacity(size_hint / 2 + 4096));
    w.0.extend_from_slice(MAGIC);
    w.u32(FORMAT);
    w.bytes(key.version.as_bytes())?;
    w.fingerprint(key.fingerprint);
    w.bytes(key.path)?;
    w.len(warnings.len())?;
    for p in warnings {
        w.u64(p.line as u64);
        w.u64(p.col as u64);
        w.u8(match p.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
        });
        // The only warning the checks give; an error never reaches a cache.
        let Finding::HiddenCharacters(text) = &p.finding else {
            return Err(CacheError::Corrupt);
        };
        w.str(text)?;
    }
    w.ledger(ledger)?;
    let sum = fingerprint(&w.0);
    w.fingerprint(sum);
    Ok(w.0)
}

/// A cache whose checksum verifies and whose key matches, ready to be decoded.
pub(crate) struct Opened<'a> {
    body: Reader<'a>,
}

/// Checks the checksum and the key: whether the cache holds this very ledger.
pub(crate) fn open<'a>(bytes: &'a [u8], key: &Key<'_>) -> Result<Opened<'a>, CacheError> {
    let body_len = bytes.len().checked_sub(SUM).ok_or(CacheError::Truncated)?;
    let (body, sum) = bytes.split_at(body_len);
    let mut s = Reader { buf: sum, pos: 0 };
    if s.fingerprint()? != fingerprint(body) {
        return Err(CacheError::Checksum);
    }
    let mut r = Reader { buf: body, pos: 0 };
    if r.take(MAGIC.len())? != MAGIC || r.u32()? != FORMAT {
        return Err(CacheError::Stale);
    }
    if r.bytes()? != key.version.as_bytes()
        || r.fingerprint()? != key.fingerprint
        || r.bytes()? != key.path
    {
        return Err(CacheError::Stale);
    }
    Ok(Opened { body: r })
}

/// The warnings and model, if the checksum verifies and the key matches.
#[cfg(test)]
pub(crate) fn decode(bytes: &[u8], key: &Key<'_>) -> Result<(Ledger, Vec<Problem>), CacheError> {
    open(bytes, key)?.decode()
}

impl Opened<'_> {
    /// The warnings and model.
    pub(crate) fn decode(self) -> Result<(Ledger, Vec<Problem>), CacheError> {
        let mut r = self.body;
        let n = r.count(17 + 4)?;
        let mut warnings = Vec::with_capacity(n);
        for _ in 0..n {
            let line = r.usize()?;
            let col = r.usize()?;
            let severity = match r.u8()? {
                0 => Severity::Error,
                1 => Severity::Warning,
                _ => return Err(CacheError::Corrupt),
            };
            let text = r.string()?;
            warnings.push(Problem {
                line,
                col,
                severity,
                finding: Finding::HiddenCharacters(text.into()),
            });
        }
        let ledger = r.ledger()?;
        if r.pos != r.buf.len() {
            return Err(CacheError::Corrupt);
        }
        Ok((ledger, warnings))
    }
}

struct Writer(Vec<u8>);

impl Writer {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn i64(&mut self, v: i64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn f64(&mut self, v: f64) {
        self.u64(v.to_bits());
    }
    fn date(&mut self, d: NaiveDate) {
        self.0
            .extend_from_slice(&d.num_days_from_ce().to_le_bytes());
    }
    fn len(&mut self, n: usize) -> Result<(), CacheError> {
        self.u32(u32::try_from(n).map_err(|_| CacheError::TooLarge)?);
        Ok(())
    }
    fn bytes(&mut self, b: &[u8]) -> Result<(), CacheError> {
        self.len(b.len())?;
        self.0.extend_from_slice(b);
        Ok(())
    }
    fn str(&mut self, s: &str) -> Result<(), CacheError> {
        self.bytes(s.as_bytes())
    }
    fn fingerprint(&mut self, f: Fingerprint) {
        let (len, hash) = f.parts();
        self.u64(len);
        self.u64(hash);
    }
    fn opt<T>(
        &mut self,
        v: Option<T>,
        f: impl FnOnce(&mut Self, T) -> Result<(), CacheError>,
    ) -> Result<(), CacheError> {
        match v {
            None => {
                self.u8(0);
                Ok(())
            }
            Some(x) => {
                self.u8(1);
                f(self, x)
            }
        }
    }
    fn opt_str(&mut self, s: Option<&CompactString>) -> Result<(), CacheError> {
        self.opt(s, |w, s| w.str(s))
    }
    fn opt_f64(&mut self, v: Option<f64>) -> Result<(), CacheError> {
        self.opt(v, |w, x| {
            w.f64(x);
            Ok(())
        })
    }
    fn opt_date(&mut self, v: Option<NaiveDate>) -> Result<(), CacheError> {
        self.opt(v, |w, d| {
            w.date(d);
            Ok(())
        })
    }
    fn opt_id(&mut self, v: Option<usize>) -> Result<(), CacheError> {
        self.opt(v, |w, id| w.len(id))
    }

    fn ledger(&mut self, l: &Ledger) -> Result<(), CacheError> {
        self.str(&l.title)?;
        self.i64(i64::from(l.year));
        self.opt_str(l.office.as_ref())?;
        self.len(l.categories.len())?;
        for c in &l.categories {
            self.str(c)?;
        }
        self.i64(l.thresholds.soon_days);
        self.i64(l.thresholds.red_days);
        self.f64(l.thresholds.lag_points);
        self.len(l.units.len())?;
        for u in &l.units {
            self.unit(u)?;
        }
        self.len(l.projects.len())?;
        for p in &l.projects {
            self.project(p)?;
        }
        Ok(())
    }

    fn unit(&mut self, u: &Unit) -> Result<(), CacheError> {
        self.str(&u.name)?;
        self.opt_str(u.pinyin.as_ref())?;
        self.opt_str(u.leader.as_ref())?;
        self.opt_str(u.title.as_ref())?;
        self.len(u.pledges.len())?;
        for p in &u.pledges {
            self.str(&p.text)?;
            self.opt_date(p.due)?;
            self.opt_f64(p.target)?;
            self.opt_str(p.measure.as_ref())?;
            self.opt_f64(p.progress)?;
            self.opt_date(p.done)?;
            self.opt_str(p.by.as_ref())?;
        }
        Ok(())
    }

    fn project(&mut self, p: &Project) -> Result<(), CacheError> {
        self.str(&p.name)?;
        self.opt_str(p.pinyin.as_ref())?;
        self.opt_str(p.category.as_ref())?;
        self.len(p.lead)?;
        self.len(p.support.len())?;
        for &s in &p.support {
            self.len(s)?;
        }
        self.opt_str(p.leader.as_ref())?;
        self.opt(p.investment, |w, i| {
            w.opt_f64(i.total)?;
            w.opt_f64(i.plan)?;
            w.opt_f64(i.done)
        })?;
        self.len(p.monthly.len())?;
        for m in &p.monthly {
            self.u8(u8::try_from(m.month).unwrap_or(0));
            self.f64(m.done);
        }
        self.opt_str(p.scale.as_ref())?;
        self.len(p.milestones.len())?;
        for m in &p.milestones {
            self.str(&m.name)?;
            self.date(m.due);
            self.opt_date(m.baseline)?;
            self.opt_date(m.done)?;
            self.opt_str(m.by.as_ref())?;
            self.opt_id(m.unit)?;
        }
        self.len(p.updates.len())?;
        for u in &p.updates {
            self.date(u.date);
            self.str(&u.text)?;
            self.opt_str(u.by.as_ref())?;
        }
        Ok(())
    }
}

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], CacheError> {
        let end = self.pos.checked_add(n).ok_or(CacheError::Truncated)?;
        let s = self.buf.get(self.pos..end).ok_or(CacheError::Truncated)?;
        self.pos = end;
        Ok(s)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], CacheError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
    fn u8(&mut self) -> Result<u8, CacheError> {
        Ok(self.array::<1>()?[0])
    }
    fn u32(&mut self) -> Result<u32, CacheError> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    fn u64(&mut self) -> Result<u64, CacheError> {
        Ok(u64::from_le_bytes(self.array()?))
    }
    fn usize(&mut self) -> Result<usize, CacheError> {
        usize::try_from(self.u64()?).map_err(|_| CacheError::Corrupt)
    }
    fn i64(&mut self) -> Result<i64, CacheError> {
        Ok(i64::from_le_bytes(self.array()?))
    }
    fn f64(&mut self) -> Result<f64, CacheError> {
        Ok(f64::from_bits(self.u64()?))
    }
    fn date(&mut self) -> Result<NaiveDate, CacheError> {
        let days = i32::from_le_bytes(self.array()?);
        NaiveDate::from_num_days_from_ce_opt(days).ok_or(CacheError::Corrupt)
    }
    fn fingerprint(&mut self) -> Result<Fingerprint, CacheError> {
        let len = self.u64()?;
        let hash = self.u64()?;
        Ok(Fingerprint::from_parts(len, hash))
    }
    fn len(&mut self) -> Result<usize, CacheError> {
        usize::try_from(self.u32()?).map_err(|_| CacheError::Corrupt)
    }
    /// A count of items at least `min` bytes each: more than the bytes left can hold is
    /// corruption, caught before anything is allocated for it.
    fn count(&mut self, min: usize) -> Result<usize, CacheError> {
        let n = self.len()?;
        if n > (self.buf.len() - self.pos) / min.max(1) {
            return Err(CacheError::Corrupt);
        }
        Ok(n)
    }
    fn bytes(&mut self) -> Result<&'a [u8], CacheError> {
        let n = self.len()?;
        self.take(n)
    }
    fn string(&mut self) -> Result<CompactString, CacheError> {
        let b = self.bytes()?;
        std::str::from_utf8(b)
            .map(CompactString::from)
            .map_err(|_| CacheError::Corrupt)
    }
    fn opt<T>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<T, CacheError>,
    ) -> Result<Option<T>, CacheError> {
        match self.u8()? {
            0 => Ok(None),
            1 => f(self).map(Some),
            _ => Err(CacheError::Corrupt),
        }
    }
    fn opt_string(&mut self) -> Result<Option<CompactString>, CacheError> {
        self.opt(Self::string)
    }
    fn opt_f64(&mut self) -> Result<Option<f64>, CacheError> {
        self.opt(Self::f64)
    }
    fn opt_date(&mut self) -> Result<Option<NaiveDate>, CacheError> {
        self.opt(Self::date)
    }
    /// A unit index, checked against the units decoded before it.
    fn id(&mut self, units: usize) -> Result<usize, CacheError> {
        let id = self.len()?;
        if id >= units {
            return Err(CacheError::Corrupt);
        }
        Ok(id)
    }

    fn ledger(&mut self) -> Result<Ledger, CacheError> {
        let title = self.string()?;
        let year = i32::try_from(self.i64()?).map_err(|_| CacheError::Corrupt)?;
        let office = self.opt_string()?;
        let n = self.count(4)?;
        let mut categories = Vec::with_capacity(n);
        for _ in 0..n {
            categories.push(self.string()?);
        }
        let thresholds = Thresholds {
            soon_days: self.i64()?,
            red_days: self.i64()?,
            lag_points: self.f64()?,
        };
        let n = self.count(4 + 1 + 1 + 4)?;
        let mut units = Vec::with_capacity(n);
        for _ in 0..n {
            units.push(self.unit()?);
        }
        let n = self.count(4 + 1 + 4 + 4 + 1 + 1 + 1 + 4 + 4)?;
        let mut projects = Vec::with_capacity(n);
        for _ in 0..n {
            projects.push(self.project(units.len())?);
        }
        Ok(Ledger {
            title,
            year,
            office,
            categories,
            thresholds,
            units,
            projects,
        })
    }

    fn unit(&mut self) -> Result<Unit, CacheError> {
        let name = self.string()?;
        let pinyin = self.opt_string()?;
        let leader = self.opt_string()?;
        let title = self.opt_string()?;
        let n = self.count(4 + 6)?;
        let mut pledges = Vec::with_capacity(n);
        for _ in 0..n {
            pledges.push(Pledge {
                text: self.string()?,
                due: self.opt_date()?,
                target: self.opt_f64()?,
                measure: self.opt_string()?,
                progress: self.opt_f64()?,
                done: self.opt_date()?,
                by: self.opt_string()?,
            });
        }
        Ok(Unit {
            name,
            pinyin,
            leader,
            title,
            pledges,
        })
    }

    fn project(&mut self, units: usize) -> Result<Project, CacheError> {
        let name = self.string()?;
        let pinyin = self.opt_string()?;
        let category = self.opt_string()?;
        let lead = self.id(units)?;
        let n = self.count(4)?;
        let mut support = Vec::with_capacity(n);
        for _ in 0..n {
            support.push(self.id(units)?);
        }
        let leader = self.opt_string()?;
        let investment = self.opt(|r| {
            Ok(Investment {
                total: r.opt_f64()?,
                plan: r.opt_f64()?,
                done: r.opt_f64()?,
            })
        })?;
        let n = self.count(1 + 8)?;
        let mut monthly = Vec::with_capacity(n);
        for _ in 0..n {
            let month = u32::from(self.u8()?);
            if !(1..=12).contains(&month) {
                return Err(CacheError::Corrupt);
            }
            monthly.push(MonthDone {
                month,
                done: self.f64()?,
            });
        }
        let scale = self.opt_string()?;
        let n = self.count(4 + 4 + 1 + 1 + 1 + 1)?;
        let mut milestones = Vec::with_capacity(n);
        for _ in 0..n {
            milestones.push(Milestone {
                name: self.string()?,
                due: self.date()?,
                baseline: self.opt_date()?,
                done: self.opt_date()?,
                by: self.opt_string()?,
                unit: self.opt(|r| r.id(units))?,
            });
        }
        let n = self.count(4 + 4 + 1)?;
        let mut updates = Vec::with_capacity(n);
        for _ in 0..n {
            updates.push(Update {
                date: self.date()?,
                text: self.string()?,
                by: self.opt_string()?,
            });
        }
        Ok(Project {
            name,
            pinyin,
            category,
            lead,
            support,
            leader,
            investment,
            monthly,
            scale,
            milestones,
            updates,
        })
    }
}
