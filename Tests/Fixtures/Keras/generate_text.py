"""Writes the fixtures of Keras 2's text preprocessing: Tokenizer (tf_keras's
keras.preprocessing.text.Tokenizer) and pad_sequences.

Run from anywhere:
    /work/main/Benchmarks/.venv/bin/python Tests/Fixtures/Keras/generate_text.py
It writes text/tokenizer.json: {"keras_version", "cases": [{"name", "options": the Tokenizer's
arguments (num_words, lower, char_level, oov_token, filters when not the default, split),
"fit": texts fitted, "texts": texts converted, "word_index", "word_counts": [[word, count], ...]
in Keras's order, "sequences": texts_to_sequences(texts), "texts_back": sequences_to_texts(sequences)}]}
and text/pad_sequences.json: {"cases": [{"sequences", "maxlen", "padding", "truncating", "output"}]}.
The tests read these files and never need Python.
"""
import json
import os
import pathlib

os.environ["TF_USE_LEGACY_KERAS"] = "1"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tf_keras  # noqa: E402
from tf_keras.preprocessing.text import Tokenizer  # noqa: E402
from tf_keras.preprocessing.sequence import pad_sequences  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent / "text"

CORPUS = [
    "The quick brown fox jumps over the lazy dog.",
    "The dog barks; the FOX runs!  Quick, quick...",
    "Tabs\tand\nnewlines, e-mail@example.com and (parentheses) [brackets] {braces}",
    "Caf\u00e9 na\u00efve \u00c9COLE: it's 3.14 o'clock -- don't panic",
    "",
    "   leading and trailing spaces   ",
]
QUERIES = CORPUS + ["unseen words and the dog", "the the the zebra QUICK"]

TOKENIZER_CASES = [
    ("defaults", {}),
    ("num_words", {"num_words": 6}),
    ("num_words_oov", {"num_words": 6, "oov_token": "<OOV>"}),
    ("oov", {"oov_token": "<OOV>"}),
    ("no_lower", {"lower": False}),
    ("char_level", {"char_level": True}),
    ("split_comma", {"split": ",", "filters": "!.\t\n"}),
]

PAD_SEQUENCES = [[1, 2, 3], [4, 5], [], [6, 7, 8, 9, 10], [11]]
PAD_CASES = [(maxlen, padding, truncating) for maxlen in (None, 2, 4, 7)
             for padding in ("pre", "post") for truncating in ("pre", "post")]


def tokenizer_case(name, options):
    tokenizer = Tokenizer(**options)
    tokenizer.fit_on_texts(CORPUS)
    sequences = tokenizer.texts_to_sequences(QUERIES)
    return {"name": name, "options": options, "fit": CORPUS, "texts": QUERIES,
            "word_index": tokenizer.word_index, "word_counts": [[w, c] for w, c in tokenizer.word_counts.items()],
            "document_count": tokenizer.document_count, "sequences": sequences,
            "texts_back": tokenizer.sequences_to_texts(sequences)}


def main():
    HERE.mkdir(exist_ok=True)
    tokenizers = {"keras_version": tf_keras.__version__,
                  "cases": [tokenizer_case(name, options) for name, options in TOKENIZER_CASES]}
    (HERE / "tokenizer.json").write_text(json.dumps(tokenizers, indent=1, ensure_ascii=False) + "\n")
    pads = {"keras_version": tf_keras.__version__, "cases": [
        {"sequences": PAD_SEQUENCES, "maxlen": maxlen, "padding": padding, "truncating": truncating,
         "output": pad_sequences(PAD_SEQUENCES, maxlen=maxlen, padding=padding, truncating=truncating).tolist()}
        for maxlen, padding, truncating in PAD_CASES]}
    (HERE / "pad_sequences.json").write_text(json.dumps(pads) + "\n")
    print("written:", HERE / "tokenizer.json", HERE / "pad_sequences.json")


if __name__ == "__main__":
    main()
