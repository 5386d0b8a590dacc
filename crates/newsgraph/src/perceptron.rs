//! Averaged-perceptron machinery shared by the taggers (named entities in
//! [`crate::ner`], parts of speech in [`crate::pos`]), each generic over its number of
//! tags `N`: the weight table used at run time, its compact file format, the
//! perceptron that learns it, a deterministic random generator for training, and a
//! per-thread cache of what is known of recently seen words.
//!
//! File (zlib-compressed): a 5-byte magic naming the tagger, format version,
//! feature-set version, number of tags, the `f32` quantisation step, then the feature
//! rows sorted by key — key delta (varint), bit mask of the tags with a non-zero
//! weight (varint), the `i16` weights of those tags (zig-zag varints) — then a table of
//! one byte per key (key delta, value: NER's case prior, POS's tag dictionary).
//! Weights whose magnitude is under the pruning threshold are dropped at save time; a
//! row with no weight left is dropped.

use std::io::{Read, Write};

use crate::ner::features::HashKeyMap;

const FORMAT: u8 = 1;

/// What names a tagger's weight file: checked on load so one tagger never reads
/// another's weights, or weights of an older feature set.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Header {
    /// Five bytes naming the tagger (`NGNER`, `NGPOS`).
    pub(crate) magic: &'static [u8; 5],
    /// Bump when feature templates change: old weight files are then refused.
    pub(crate) feature_version: u32,
}

/// Weights a slot holds itself; a row with more non-zero weights is spilled.
const INLINE: usize = 4;
/// First tag of a slot whose row is spilled (never a tag: taggers have < 255 tags).
const SPILLED: u8 = u8::MAX;

/// One slot of the weight table: the key's fingerprint (0 = empty) and its row's
/// non-zero weights, each with its tag (unused places: tag 0, weight 0, which adds
/// nothing). A row with more than [`INLINE`] of them is kept whole among the spilled
/// rows: then `tags` is [`SPILLED`] and the row's index in three little-endian bytes.
#[derive(Clone, Copy)]
#[repr(C, align(16))]
struct Slot {
    fp: u32,
    tags: [u8; INLINE],
    weights: [i16; INLINE],
}

impl Slot {
    const EMPTY: Slot = Slot { fp: 0, tags: [0; INLINE], weights: [0; INLINE] };

    /// The slot of key fingerprint `fp` for `row`: inline when it fits, else the index
    /// it gets when pushed to `spilled`.
    fn new<const N: usize>(fp: u32, row: &[i16; N], spilled: &mut Vec<[i16; N]>) -> Slot {
        let mut slot = Slot { fp, ..Slot::EMPTY };
        if row.iter().filter(|&&w| w != 0).count() <= INLINE {
            let nonzero = row.iter().enumerate().filter(|&(_, &w)| w != 0);
            for (j, (t, &w)) in nonzero.enumerate() {
                slot.tags[j] = t as u8;
                slot.weights[j] = w;
            }
        } else {
            let [a, b, c, high] = (spilled.len() as u32).to_le_bytes();
            assert_eq!(high, 0, "over 2^24 spilled rows");
            slot.tags = [SPILLED, a, b, c];
            spilled.push(*row);
        }
        slot
    }
}

/// Feature weights: an open-addressing table (linear probing) of 16-byte slots, each
/// the key's high 32 bits as a fingerprint and the row of `N` quantised weights in
/// sparse form (most rows have one to four non-zero weights: these are held in the
/// slot, so a look-up is one cache miss; the few longer rows are one more, in a
/// small side table). The slot is chosen by the key's low bits: a hit checks about 50
/// bits of the key. Scores are summed as integers (the arg-max does not depend on the
/// quantisation step, nor on the order of the additions).
///
/// (Slots used to hold whole rows, 40 bytes: 2.5 times the memory for the same
/// look-ups, and the tables of 5–10 MiB missed the cache far more often. A Bloom
/// filter in front of the table, to answer look-ups of unknown features without
/// touching it, cost more than it saved: its own cache misses were in the way of
/// every look-up, while the tagger requests the slots of the next tokens early.)
pub(crate) struct Weights<const N: usize> {
    slots: Vec<Slot>,
    /// The rows with more than [`INLINE`] non-zero weights.
    spilled: Vec<[i16; N]>,
    len: usize,
}

impl<const N: usize> Default for Weights<N> {
    fn default() -> Self {
        Weights { slots: Vec::new(), spilled: Vec::new(), len: 0 }
    }
}

/// Fingerprint of a key: its high half, never 0.
#[inline]
fn fingerprint(key: u64) -> u32 {
    ((key >> 32) as u32).max(1)
}

impl<const N: usize> Weights<N> {
    /// Add the row of `key` (if any) to `scores`. Always inlined: the taggers' inner
    /// loops call it per feature, and left to itself the compiler kept it out of line
    /// in some builds (which code unit it lands in shifts with unrelated edits), adding a
    /// call per look-up (+0.7 % of a whole run's instructions).
    #[inline(always)]
    pub(crate) fn add(&self, key: u64, scores: &mut [i32; N]) {
        let Some(slot) = self.slot(key) else { return };
        if slot.tags[0] == SPILLED {
            let [_, a, b, c] = slot.tags;
            let row = &self.spilled[u32::from_le_bytes([a, b, c, 0]) as usize];
            for (s, &w) in scores.iter_mut().zip(row) {
                *s += i32::from(w);
            }
        } else {
            for (&t, &w) in slot.tags.iter().zip(&slot.weights) {
                scores[usize::from(t)] += i32::from(w);
            }
        }
    }

    /// Ask the CPU to bring the slot of `key` into cache, so a later [`Weights::add`]
    /// does not wait for memory.
    #[inline]
    pub(crate) fn prefetch(&self, key: u64) {
        #[cfg(target_arch = "x86_64")]
        {
            if self.slots.is_empty() {
                return;
            }
            // A slot is 16-byte aligned: it lies within one cache line.
            let slot: *const Slot = &self.slots[(key as usize) & (self.slots.len() - 1)];
            // SAFETY: prefetching has no architectural effect; the address is valid.
            #[allow(unused_unsafe)]
            unsafe {
                std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(slot.cast::<i8>());
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = key;
    }

    /// The slot of `key`, if the table has it.
    #[inline]
    fn slot(&self, key: u64) -> Option<&Slot> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let fp = fingerprint(key);
        let mut i = (key as usize) & mask;
        loop {
            let slot = &self.slots[i];
            if slot.fp == fp {
                return Some(slot);
            }
            if slot.fp == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    /// Number of feature rows.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Build from quantised rows (a key whose slot and fingerprint collide with an
    /// earlier one is dropped; with ~10^5 keys that is a handful at most).
    pub(crate) fn from_quantised(rows: Vec<(u64, [i16; N])>) -> Weights<N> {
        let cap = (rows.len() * 3 / 2).next_power_of_two().max(16);
        const { assert!(N < SPILLED as usize, "too many tags for a slot") };
        let mut slots = vec![Slot::EMPTY; cap];
        let mut spilled = Vec::new();
        let mut len = 0;
        for (key, row) in rows {
            let fp = fingerprint(key);
            let mut i = (key as usize) & (cap - 1);
            while slots[i].fp != 0 && slots[i].fp != fp {
                i = (i + 1) & (cap - 1);
            }
            if slots[i].fp == fp {
                continue;
            }
            slots[i] = Slot::new(fp, &row, &mut spilled);
            len += 1;
        }
        Weights { slots, spilled, len }
    }

    /// Build from float rows, quantised like [`encode`] (no pruning).
    pub(crate) fn from_rows(rows: &[(u64, [f32; N])]) -> Weights<N> {
        let (q, _) = quantise(rows, 0.0);
        Weights::from_quantised(q)
    }
}

/// Quantise rows to `i16` with one step for the whole model, dropping weights under
/// `min_weight` and rows left empty. Returns the rows and the step.
fn quantise<const N: usize>(rows: &[(u64, [f32; N])], min_weight: f32) -> (Vec<(u64, [i16; N])>, f32) {
    let max_abs = rows.iter().flat_map(|(_, r)| r.iter()).fold(0f32, |m, w| m.max(w.abs())).max(1e-6);
    let step = max_abs / 32767.0;
    let mut kept: Vec<(u64, [i16; N])> = Vec::new();
    for (k, row) in rows {
        let mut q = [0i16; N];
        let mut any = false;
        for (t, &w) in row.iter().enumerate() {
            if w.abs() >= min_weight {
                q[t] = (w / step).round().clamp(-32767.0, 32767.0) as i16;
                any |= q[t] != 0;
            }
        }
        if any {
            kept.push((*k, q));
        }
    }
    kept.sort_unstable_by_key(|r| r.0);
    (kept, step)
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    (v >> 1) as i64 ^ -((v & 1) as i64)
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8, String> {
        let v = *self.b.get(self.pos).ok_or("truncated")?;
        self.pos += 1;
        Ok(v)
    }
    fn varint(&mut self) -> Result<u64, String> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err("bad varint".into())
    }
    fn bytes<const N: usize>(&mut self) -> Result<[u8; N], String> {
        let s = self.b.get(self.pos..self.pos + N).ok_or("truncated")?;
        self.pos += N;
        let mut a = [0u8; N];
        a.copy_from_slice(s);
        Ok(a)
    }
}

/// Serialise rows (any order) and the case prior; weights with `|w| < min_weight`
/// are pruned. Returns the compressed bytes and the number of rows kept.
pub(crate) fn encode<const N: usize>(
    header: &Header,
    rows: &[(u64, [f32; N])],
    table: &[(u64, u8)],
    min_weight: f32,
) -> (Vec<u8>, usize) {
    let (kept, step) = quantise(rows, min_weight);
    let mut raw = Vec::new();
    raw.extend_from_slice(header.magic);
    raw.push(FORMAT);
    raw.extend_from_slice(&header.feature_version.to_le_bytes());
    raw.push(N as u8);
    raw.extend_from_slice(&step.to_le_bytes());
    put_varint(&mut raw, kept.len() as u64);
    let mut last = 0u64;
    for (k, q) in &kept {
        put_varint(&mut raw, k - last);
        last = *k;
        let mask = q.iter().enumerate().fold(0u64, |m, (t, &v)| if v != 0 { m | 1 << t } else { m });
        put_varint(&mut raw, mask);
        for &v in q.iter().filter(|&&v| v != 0) {
            put_varint(&mut raw, zigzag(i64::from(v)));
        }
    }
    let mut cp: Vec<(u64, u8)> = table.to_vec();
    cp.sort_unstable();
    put_varint(&mut raw, cp.len() as u64);
    let mut last = 0u64;
    for (k, v) in &cp {
        put_varint(&mut raw, k - last);
        last = *k;
        raw.push(*v);
    }
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing to a Vec cannot fail.
    let _ = z.write_all(&raw);
    (z.finish().unwrap_or_default(), kept.len())
}

/// Parse bytes written by [`encode`].
pub(crate) fn decode<const N: usize>(
    header: &Header,
    bytes: &[u8],
) -> Result<(Weights<N>, HashKeyMap<u8>), String> {
    let mut raw = Vec::new();
    flate2::read::ZlibDecoder::new(bytes)
        .read_to_end(&mut raw)
        .map_err(|e| format!("not a weight file: {e}"))?;
    let mut r = Reader { b: &raw, pos: 0 };
    if &r.bytes::<5>()? != header.magic {
        return Err("bad magic".into());
    }
    let format = r.byte()?;
    if format != FORMAT {
        return Err(format!("format {format}, expected {FORMAT}"));
    }
    let fv = u32::from_le_bytes(r.bytes::<4>()?);
    if fv != header.feature_version {
        return Err(format!("feature set {fv}, this build uses {}: retrain", header.feature_version));
    }
    let nt = r.byte()?;
    if usize::from(nt) != N {
        return Err(format!("{nt} tags, expected {N}"));
    }
    let step = f32::from_le_bytes(r.bytes::<4>()?);
    let nrows = r.varint()? as usize;
    if nrows > raw.len() {
        return Err("bad row count".into());
    }
    let _ = step;
    let mut rows = Vec::with_capacity(nrows);
    let mut key = 0u64;
    for _ in 0..nrows {
        key = key.wrapping_add(r.varint()?);
        let mask = r.varint()?;
        let mut row = [0i16; N];
        for (t, x) in row.iter_mut().enumerate() {
            if mask & (1 << t) != 0 {
                *x = i16::try_from(unzigzag(r.varint()?)).map_err(|_| "weight out of range")?;
            }
        }
        rows.push((key, row));
    }
    let w = Weights::from_quantised(rows);
    let ncp = r.varint()? as usize;
    if ncp > raw.len() {
        return Err("bad table count".into());
    }
    let mut cp = HashKeyMap::default();
    cp.reserve(ncp);
    let mut key = 0u64;
    for _ in 0..ncp {
        key = key.wrapping_add(r.varint()?);
        cp.insert(key, r.byte()?);
    }
    Ok((w, cp))
}

/// Perceptron weights as they are learnt: float rows with lazy averaging (each weight
/// remembers when it last changed, so the running total is brought up to date only
/// when it changes and at the end).
pub(crate) struct Perceptron<const N: usize> {
    index: HashKeyMap<u32>,
    keys: Vec<u64>,
    w: Vec<f32>,
    total: Vec<f64>,
    stamp: Vec<u32>,
    /// Number of predictions made so far (the averaging clock): the trainer
    /// increments it once per token.
    pub(crate) now: u32,
}

impl<const N: usize> Default for Perceptron<N> {
    fn default() -> Self {
        Perceptron {
            index: HashKeyMap::default(),
            keys: Vec::new(),
            w: Vec::new(),
            total: Vec::new(),
            stamp: Vec::new(),
            now: 0,
        }
    }
}

impl<const N: usize> Perceptron<N> {
    /// Add the current row of `key` (if any) to `s`.
    #[inline]
    pub(crate) fn add(&self, key: u64, s: &mut [f32; N]) {
        if let Some(&r) = self.index.get(&key) {
            let row = &self.w[r as usize * N..(r as usize + 1) * N];
            for (a, b) in s.iter_mut().zip(row) {
                *a += b;
            }
        }
    }

    /// The perceptron update of feature `key` for one mistake: +1 to the gold tag,
    /// -1 to the guessed one.
    pub(crate) fn update(&mut self, key: u64, gold: u8, guess: u8) {
        let n = self.keys.len() as u32;
        let r = *self.index.entry(key).or_insert(n) as usize;
        if r == self.keys.len() {
            self.keys.push(key);
            self.w.extend_from_slice(&[0.0; N]);
            self.total.extend_from_slice(&[0.0; N]);
            self.stamp.extend_from_slice(&[0; N]);
        }
        for (t, d) in [(gold, 1.0f32), (guess, -1.0)] {
            let i = r * N + usize::from(t);
            self.total[i] += f64::from(self.now - self.stamp[i]) * f64::from(self.w[i]);
            self.stamp[i] = self.now;
            self.w[i] += d;
        }
    }

    /// Number of features that have a row.
    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }

    /// The averaged rows, in the order the features were first updated.
    pub(crate) fn averaged(&self) -> Vec<(u64, [f32; N])> {
        let now = f64::from(self.now.max(1));
        self.keys
            .iter()
            .enumerate()
            .map(|(r, &k)| {
                let mut row = [0f32; N];
                for (t, x) in row.iter_mut().enumerate() {
                    let i = r * N + t;
                    let tot = self.total[i] + f64::from(self.now - self.stamp[i]) * f64::from(self.w[i]);
                    *x = (tot / now) as f32;
                }
                (k, row)
            })
            .collect()
    }
}

/// xorshift64*: small, deterministic, good enough for shuffling and augmentation.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in `[0, 1)`.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Uniform in `0..n` (0 when `n` is 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    /// Shuffle `v` in place (Fisher–Yates).
    pub(crate) fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

/// `word` with its first letter capitalised when it has four letters or more (how
/// Title Case headlines write words; training augments sentences with it).
pub(crate) fn title_case(word: &str) -> String {
    let mut cs = word.chars();
    match cs.next() {
        Some(c) if word.chars().filter(|c| c.is_alphabetic()).count() >= 4 => {
            c.to_uppercase().chain(cs).collect()
        }
        _ => word.to_string(),
    }
}

/// What a tagger knows of the words met lately, per thread, under one model: news
/// text repeats its words, so most tokens are answered here, which spares most of
/// their weight look-ups. `V` is the tagger's summary of a word out of context; it
/// must depend only on the word and the model (integer sums do not depend on the
/// order of the additions, so cached scores equal recomputed ones).
///
/// Summaries live in a slab and are handed out by index, so a sentence can refer to
/// them without copying: indices stay valid until the next [`WordCache::begin`].
pub(crate) struct WordCache<V> {
    /// The model the entries were computed with.
    model: u64,
    /// Hash of the word → its index in `spans` and `values`.
    map: HashKeyMap<u32>,
    /// The cached words one after another (one buffer, not an allocation per word:
    /// filling and emptying the cache costs no allocator call, and the words lie
    /// close together in memory).
    text: String,
    /// Where each word lies in `text`: start and end byte.
    spans: Vec<(u32, u32)>,
    values: Vec<V>,
    /// Entries kept at most; the cache is emptied when full.
    max: usize,
    /// Scratch space for the summariser.
    buf: String,
}

/// Bytes of words a [`WordCache`] keeps at most (word offsets are 32-bit).
const MAX_CACHED_TEXT: usize = 1 << 30;

impl<V: Copy> WordCache<V> {
    /// An empty cache that keeps at most `max` words.
    pub(crate) fn new(max: usize) -> Self {
        WordCache {
            model: 0,
            map: HashKeyMap::default(),
            text: String::new(),
            spans: Vec::new(),
            values: Vec::new(),
            max,
            buf: String::new(),
        }
    }

    /// Get ready for up to `n` words under the model `model_id` (unique per loaded
    /// model): the cache is emptied if the model changed or the words might not fit.
    #[inline]
    pub(crate) fn begin(&mut self, model_id: u64, n: usize) {
        if self.model != model_id || self.values.len() + n > self.max || self.text.len() > MAX_CACHED_TEXT {
            self.map.clear();
            self.text.clear();
            self.spans.clear();
            self.values.clear();
            self.model = model_id;
        }
    }

    /// The index of the summary of `word`, computed by `summarise(word, scratch)`
    /// when not cached. At most the `n` of the last [`WordCache::begin`] calls.
    #[inline]
    pub(crate) fn index(&mut self, word: &str, summarise: impl FnOnce(&str, &mut String) -> V) -> u32 {
        let h = crate::ner::features::hash_str(word);
        let found = self.map.get(&h).copied();
        if let Some(i) = found {
            let (start, end) = self.spans[i as usize];
            if self.text.as_bytes()[start as usize..end as usize] == *word.as_bytes() {
                return i;
            }
        }
        let i = self.values.len() as u32;
        self.values.push(summarise(word, &mut self.buf));
        let offset = |len: usize| u32::try_from(len).expect("under 4 GiB of words between two begins");
        let start = offset(self.text.len());
        self.text.push_str(word);
        self.spans.push((start, offset(self.text.len())));
        // Another word with the same hash keeps its entry; this one is not found again.
        if found.is_none() {
            self.map.insert(h, i);
        }
        i
    }

    /// The summaries, by index.
    #[inline]
    pub(crate) fn values(&self) -> &[V] {
        &self.values
    }

    /// The summary of `word` under the model `model_id`, computed by
    /// `summarise(word, scratch)` when not cached.
    #[inline]
    pub(crate) fn get(
        &mut self,
        word: &str,
        model_id: u64,
        summarise: impl FnOnce(&str, &mut String) -> V,
    ) -> V {
        self.begin(model_id, 1);
        let i = self.index(word, summarise);
        self.values[i as usize]
    }
}

/// A number unique among the models of this process (it names a model in a
/// [`WordCache`]).
pub(crate) fn next_model_id() -> u64 {
    static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const N: usize = 17;
    const HEADER: Header = Header { magic: b"NGTST", feature_version: 3 };

    #[test]
    fn round_trip_prunes_and_quantises() {
        let mut a = [0f32; N];
        a[0] = 2.0;
        a[3] = -0.5;
        a[5] = 0.001; // pruned
        let b = [0.0005f32; N]; // row pruned entirely
        let (bytes, kept) = encode(&HEADER, &[(42, a), (7, b)], &[(9, 1), (3, 2)], 0.01);
        assert_eq!(kept, 1);
        let (w, cp) = decode::<N>(&HEADER, &bytes).expect("decodes");
        assert_eq!(w.len(), 1);
        let mut s = [0i32; N];
        w.add(42, &mut s);
        w.add(7, &mut s);
        assert_eq!((s[0], s[3], s[5]), (32767, -8192, 0), "{s:?}");
        assert_eq!(cp.get(&9), Some(&1));
        assert_eq!(cp.get(&3), Some(&2));
    }

    #[test]
    fn sparse_slots_add_what_the_dense_rows_hold() {
        // rows with 0 to N non-zero weights: inline (up to INLINE) and spilled
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        let mut next = || rng.next();
        let rows: Vec<(u64, [i16; N])> = (0..2000)
            .map(|r| {
                let mut row = [0i16; N];
                for _ in 0..r % (N + 1) {
                    row[next() as usize % N] = (next() % 65535) as i16;
                }
                (next(), row)
            })
            .collect();
        let w = Weights::<N>::from_quantised(rows.clone());
        assert!(!w.spilled.is_empty() && w.spilled.len() < rows.len());
        for (key, row) in &rows {
            let (mut got, mut twice) = ([7i32; N], [0i32; N]);
            w.add(*key, &mut got);
            w.add(*key, &mut twice);
            w.add(*key, &mut twice);
            let want: Vec<i32> = row.iter().map(|&v| 7 + i32::from(v)).collect();
            assert_eq!(got.to_vec(), want);
            assert_eq!(twice.to_vec(), row.iter().map(|&v| 2 * i32::from(v)).collect::<Vec<_>>());
        }
        let mut none = [0i32; N];
        w.add(next(), &mut none);
        assert_eq!(none, [0; N]);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(decode::<N>(&HEADER, b"").is_err());
        assert!(decode::<N>(&HEADER, b"hello world").is_err());
        let (bytes, _) = encode(&HEADER, &[(1, [1.0; N])], &[], 0.0);
        assert!(decode::<N>(&HEADER, &bytes[..bytes.len() / 2]).is_err());
        // Another tagger's file, another feature set, another number of tags.
        assert!(decode::<N>(&Header { magic: b"NGOTH", ..HEADER }, &bytes).is_err());
        assert!(decode::<N>(&Header { feature_version: 4, ..HEADER }, &bytes).is_err());
        assert!(decode::<18>(&HEADER, &bytes).is_err());
        assert_eq!(unzigzag(zigzag(-5)), -5);
    }

    #[test]
    fn word_cache_answers_repeats_and_empties_when_full_or_the_model_changes() {
        let mut c: WordCache<usize> = WordCache::new(3);
        let mut computed = Vec::new();
        let mut get = |c: &mut WordCache<usize>, w: &str| {
            c.index(w, |w, _| {
                computed.push(w.to_string());
                w.len()
            })
        };
        c.begin(1, 2);
        let (a, b, a2) = (get(&mut c, "alpha"), get(&mut c, "be"), get(&mut c, "alpha"));
        assert_eq!((a, a2), (0, 0));
        assert_eq!(c.values()[b as usize], 2);
        c.begin(1, 1); // fits: kept
        assert_eq!(get(&mut c, "be"), b);
        c.begin(1, 2); // 2 + 2 > 3: emptied
        assert_eq!(get(&mut c, "be"), 0);
        c.begin(2, 1); // another model: emptied
        assert_eq!(get(&mut c, "alpha"), 0);
        assert_eq!(c.get("alpha", 2, |_, _| 99), 5, "cached");
        assert_eq!(c.get("alpha", 3, |_, _| 99), 99, "recomputed for model 3");
        assert_eq!(computed, ["alpha", "be", "be", "alpha"]);
    }
}
