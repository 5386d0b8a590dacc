#!/usr/bin/env python3
"""Build crates/newsgraph/data/lexicon/reporting_verbs.tsv: reporting verbs and cue
phrases with their inflections, a class, and a prior measured on PolNeAR TRAIN only
(share of the form's occurrences in running text that are part of a gold cue).

  python3 scripts/quotes/build_lexicon.py ../shared/data/quotes/polnear_train.jsonl \
      > crates/newsgraph/data/lexicon/reporting_verbs.tsv

Classes: speech (say, tell, add …: may invert, `said X`), write (write, tweet, report),
cognition (think, believe, hope …), stance (criticize, praise, accuse, call for …),
evidence (show, find, suggest …: polls and studies), phrase (according to …).
"""
import collections, json, re, sys

# lemma -> class. Curated from the reporting-verb literature and PolNeAR train cues.
LEMMAS = {
    "speech": """say tell add state claim argue insist warn note explain announce declare
        acknowledge admit deny confirm reveal ask reply respond answer urge describe emphasize
        emphasise stress predict promise pledge vow threaten recall complain concede contend
        assert maintain allege estimate testify boast joke quip muse observe remark comment
        mention conclude reiterate repeat shout scream whisper yell exclaim sigh hint imply
        affirm proclaim pronounce reassure retort reason counter caution advise recommend
        demand order plead lament explain continue speak talk chant acknowledge charge
        insist disclose divulge inform notify assure tout brag concur agree disagree
        object protest announce confess guarantee swear vouch clarify elaborate echo
        interject interrupt begin go fume bark riff gush scoff snap rant marvel bemoan
        grouse boom chime""",
    "write": """write tweet retweet post report publish email text blog editorialize quote""",
    "cognition": """think believe hope fear worry expect know feel doubt wonder suspect
        understand realize recognize recognise consider assume guess imagine want wish
        remember forget prefer intend plan decide sense suppose trust reckon seem appear
        see view""",
    "stance": """criticize criticise praise accuse blame question dismiss reject condemn
        denounce defend attack blast slam mock support endorse oppose back welcome applaud
        thank congratulate challenge call accuse decry lambaste rail assail ridicule deride
        scold chide rebuke fault credit hail laud tout champion advocate propose suggest
        cite refer highlight portray characterize characterise label brand dub term
        frame compare liken seek refuse decline offer signal indicate acknowledge push
        press pressure lobby appeal invite encourage discourage express discuss slam
        request name identify list favor favour release invoke sound mention""",
    "evidence": """show find suggest indicate reveal demonstrate prove estimate project
        forecast conclude determine learn""",
}
# irregular verb forms: lemma -> [3sg, past, past participle, -ing]
IRREG = {
    "say": ["says", "said", "said", "saying"], "tell": ["tells", "told", "told", "telling"],
    "write": ["writes", "wrote", "written", "writing"], "think": ["thinks", "thought", "thought", "thinking"],
    "know": ["knows", "knew", "known", "knowing"], "find": ["finds", "found", "found", "finding"],
    "speak": ["speaks", "spoke", "spoken", "speaking"], "feel": ["feels", "felt", "felt", "feeling"],
    "understand": ["understands", "understood", "understood", "understanding"],
    "swear": ["swears", "swore", "sworn", "swearing"], "forget": ["forgets", "forgot", "forgotten", "forgetting"],
    "show": ["shows", "showed", "shown", "showing"], "prove": ["proves", "proved", "proven", "proving"],
    "forecast": ["forecasts", "forecast", "forecasted", "forecasting"], "learn": ["learns", "learned", "learnt", "learning"],
    "begin": ["begins", "began", "begun", "beginning"], "go": ["goes", "went", "gone", "going"],
    "seek": ["seeks", "sought", "sought", "seeking"], "read": ["reads", "read", "read", "reading"],
    "quip": ["quips", "quipped", "quipped", "quipping"], "admit": ["admits", "admitted", "admitted", "admitting"],
    "refer": ["refers", "referred", "referred", "referring"], "prefer": ["prefers", "preferred", "preferred", "preferring"],
    "plan": ["plans", "planned", "planned", "planning"], "rebut": ["rebuts", "rebutted", "rebutted", "rebutting"],
    "concur": ["concurs", "concurred", "concurred", "concurring"], "dub": ["dubs", "dubbed", "dubbed", "dubbing"],
    "label": ["labels", "labeled", "labelled", "labeling"], "text": ["texts", "texted", "texted", "texting"],
    "email": ["emails", "emailed", "emailed", "emailing"], "blog": ["blogs", "blogged", "blogged", "blogging"],
    "object": ["objects", "objected", "objected", "objecting"], "lobby": ["lobbies", "lobbied", "lobbied", "lobbying"],
    "echo": ["echoes", "echoed", "echoed", "echoing"], "credit": ["credits", "credited", "credited", "crediting"],
    "offer": ["offers", "offered", "offered", "offering"], "answer": ["answers", "answered", "answered", "answering"],
    "counter": ["counters", "countered", "countered", "countering"], "wonder": ["wonders", "wondered", "wondered", "wondering"],
    "remember": ["remembers", "remembered", "remembered", "remembering"], "consider": ["considers", "considered", "considered", "considering"],
    "interpret": ["interprets", "interpreted", "interpreted", "interpreting"], "target": ["targets", "targeted", "targeted", "targeting"],
    "question": ["questions", "questioned", "questioned", "questioning"], "mention": ["mentions", "mentioned", "mentioned", "mentioning"],
    "signal": ["signals", "signaled", "signalled", "signaling"], "champion": ["champions", "championed", "championed", "championing"],
    "welcome": ["welcomes", "welcomed", "welcomed", "welcoming"], "frame": ["frames", "framed", "framed", "framing"],
    "pledge": ["pledges", "pledged", "pledged", "pledging"],
    "snap": ["snaps", "snapped", "snapped", "snapping"], "scoff": ["scoffs", "scoffed", "scoffed", "scoffing"],
    "bark": ["barks", "barked", "barked", "barking"], "riff": ["riffs", "riffed", "riffed", "riffing"],
    "see": ["sees", "saw", "seen", "seeing"], "slam": ["slams", "slammed", "slammed", "slamming"],
    "list": ["lists", "listed", "listed", "listing"], "favor": ["favors", "favored", "favored", "favoring"],
    "appear": ["appears", "appeared", "appeared", "appearing"], "sound": ["sounds", "sounded", "sounded", "sounding"], "emphasize": ["emphasizes", "emphasized", "emphasized", "emphasizing"],
}
# multiword cue phrases: lemma -> (class, forms)
PHRASES = {
    "according to": ("phrase", ["according to"]),
    "point out": ("speech", ["point out", "points out", "pointed out", "pointing out"]),
    "call for": ("stance", ["call for", "calls for", "called for", "calling for"]),
    "call on": ("stance", ["call on", "calls on", "called on", "calling on"]),
    "weigh in": ("speech", ["weigh in", "weighs in", "weighed in", "weighing in"]),
    "make clear": ("speech", ["make clear", "makes clear", "made clear", "making clear"]),
    "point to": ("evidence", ["point to", "points to", "pointed to", "pointing to"]),
    "speak of": ("speech", ["speak of", "speaks of", "spoke of", "speaking of"]),
    "talk about": ("speech", ["talk about", "talks about", "talked about", "talking about"]),
    "refer to": ("stance", ["refer to", "refers to", "referred to", "referring to"]),
    "go on": ("speech", ["go on", "goes on", "went on", "going on"]),
    "put it": ("speech", ["put it", "puts it", "putting it"]),
    "in a statement": ("phrase", ["in a statement"]),
    "in an interview": ("phrase", ["in an interview"]),
}


def regular(lemma):
    if lemma in IRREG:
        return IRREG[lemma]
    if re.search(r"(s|sh|ch|x|z|o)$", lemma):
        s3 = lemma + "es"
    elif re.search(r"[^aeiou]y$", lemma):
        s3 = lemma[:-1] + "ies"
    else:
        s3 = lemma + "s"
    if lemma.endswith("e"):
        past = lemma + "d"
    elif re.search(r"[^aeiou]y$", lemma):
        past = lemma[:-1] + "ied"
    else:
        past = lemma + "ed"
    if lemma.endswith("ie"):
        ing = lemma[:-2] + "ying"
    elif lemma.endswith("e") and not re.search(r"(ee|ye|oe)$", lemma):
        ing = lemma[:-1] + "ing"
    else:
        ing = lemma + "ing"
    return [s3, past, past, ing]


def main():
    texts = []
    cue_spans = []
    for line in open(sys.argv[1], encoding="utf-8"):
        d = json.loads(line)
        texts.append(d["text"])
        cue_spans.append([(c["start"], c["end"]) for a in d["attributions"] for c in a["cue"]])
    entries = []  # (lemma, class, forms)
    seen = set()
    for cls, words in LEMMAS.items():
        for lemma in words.split():
            if lemma in seen:
                continue
            seen.add(lemma)
            forms = [lemma] + [f for f in regular(lemma) if f != lemma]
            entries.append((lemma, cls, list(dict.fromkeys(forms))))
    for lemma, (cls, forms) in PHRASES.items():
        entries.append((lemma, cls, forms))
    # priors: occurrences in running text vs. inside a gold cue. A form counts where it
    # is written in lower case (the verb, not `State` or `Call`), `according to` in any case.
    first = collections.defaultdict(list)
    for lemma, _, forms in entries:
        for f in forms:
            ws = f.split()
            first[ws[0]].append((f, ws))
    occ = collections.Counter()
    hit = collections.Counter()
    for text, cues in zip(texts, cue_spans):
        toks = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[A-Za-z]+(?:['’][a-z]+)?", text)]
        for i, (s, e, w) in enumerate(toks):
            lw = w.lower()
            if lw not in first:
                continue
            for f, ws in first[lw]:
                if w != lw and not f.startswith("according"):
                    continue
                if [t[2].lower() for t in toks[i:i + len(ws)]] != ws:
                    continue
                end = toks[i + len(ws) - 1][1]
                occ[f] += 1
                if any(cs < end and s < ce for cs, ce in cues):
                    hit[f] += 1
    print("# lemma\tclass\tprior\tcue_hits\toccurrences\tforms\tform_priors   (generated by"
          " scripts/quotes/build_lexicon.py from PolNeAR train; prior = share of lower-case"
          " occurrences that are gold cues, smoothed; form_priors in the order of forms)")
    for lemma, cls, forms in sorted(entries, key=lambda e: e[0]):
        o = sum(occ[f] for f in forms)
        h = sum(hit[f] for f in forms)
        prior = (h + 0.5) / (o + 2.0)
        fp = [(hit[f] + 2 * prior) / (occ[f] + 2.0) for f in forms]
        print(f"{lemma}\t{cls}\t{prior:.3f}\t{h}\t{o}\t{','.join(forms)}\t{','.join('%.3f' % x for x in fp)}")

main()
