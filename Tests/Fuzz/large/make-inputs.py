#!/usr/bin/env python3
"""Writes the 10 MB adversarial articles of the extraction memory budget into a folder
(default var/large): deep nesting, entity floods, tiny paragraphs, huge attributes and
titles, nested and many-valued JSON, MIME with many parts or boundaries, base64 and
quoted-printable bodies, UTF-16, GB18030 and Windows-1252, and every lexicon term of
config/topics repeated (in one endless sentence, and one term a sentence). Measure with
measure.sh (extraction) and measure-classify.sh (the whole classify path)."""
import base64, glob, os, quopri, sys, tomllib

LIMIT = 10 * 1024 * 1024
out = sys.argv[1] if len(sys.argv) > 1 else 'var/large'
os.makedirs(out, exist_ok=True)

def fill(unit, prefix=b'', suffix=b''):
    return prefix + unit * ((LIMIT - len(prefix) - len(suffix) - 64) // len(unit)) + suffix

def w(name, data):
    assert len(data) <= LIMIT, (name, len(data))
    with open(os.path.join(out, name), 'wb') as f:
        f.write(data)

w('deep.html', fill(b'<div><span>', b'<html><body><p>Deep nesting text.</p>', b'x'))
w('deep-text.html', fill(b'<div><span>word ', b'<html><body>'))
w('entities.html', fill('&amp;&#x41;&eacute;&#20013;'.encode(), b'<html><body><p>', b'</p>'))
w('entities-nbsp.html', fill(b'&nbsp;', b'<html><body><p>x', b'y</p>'))
w('paragraphs.html', fill(b'<p>a.</p>', b'<html><body>'))
w('attribute.html', b'<html><body><p title="' + b'x' * (LIMIT - 200) + b'">text</p></body></html>')
w('attribute-meta.html', b'<html><head><meta name="og:title" content="' + b'x' * (LIMIT - 200) + b'"></head><body><p>text</p></body></html>')
w('title.html', b'<html><head><title>' + b'word ' * ((LIMIT - 200) // 5) + b'</title></head><body><p>text</p></body></html>')
w('gb18030-html.html', b'<html><head><meta charset="gb18030"></head><body><p>'
  + ('中国宣布禁止虚拟货币挖矿活动。' * ((LIMIT - 200) // 30)).encode('gb18030') + b'</p></body></html>')
w('paragraphs.txt', fill(b'a.\n\n', b'Title line here\n\n'))
w('sentences.txt', fill(b'A b. ', b'Title\n\n'))
w('plain-utf8.txt', fill(b'Plain UTF-8 text about mining bans and power use. ', b'A title\n\n'))
w('chinese-utf8.txt', ('中国宣布禁止虚拟货币挖矿活动，相关部门加强整治。' * ((LIMIT - 100) // 72)).encode())
w('utf16.txt', ('\ufeff' + 'Title\n\n' + 'Body text, UTF-16. ' * ((LIMIT // 2 - 100) // 19)).encode('utf-16-le'))
w('utf16-cjk.txt', ('\ufeff' + '中国宣布禁止虚拟货币挖矿活动。' * ((LIMIT // 2 - 100) // 15)).encode('utf-16-le'))
w('gb18030.txt', ('中国宣布禁止虚拟货币挖矿活动，相关部门加强整治。' * ((LIMIT - 100) // 48)).encode('gb18030'))
w('cp1252.txt', ('Zürich: l’été — “quoted” café. ' * ((LIMIT - 100) // 40)).encode('cp1252'))
w('paragraphs.md', fill(b'a.\n\n', b'# Title\n\n'))
w('listitems.md', fill(b'- a\n', b'# Title\n\n'))
w('nested.json', b'[' * (5 * 1024 * 1024 - 10))
w('nested-closed.json', b'[' * (5 * 1024 * 1024 - 10) + b']' * (5 * 1024 * 1024 - 10))
w('strings.json', b'{"title":"T","body":"' + b'word ' * ((LIMIT - 100) // 5) + b'"}')
w('many-strings.json', b'[' + b'"a b",' * ((LIMIT - 100) // 6) + b'"a b"]')
w('escapes.json', b'{"body":"' + b'\\u4e2d' * ((LIMIT - 100) // 6) + b'"}')
w('objects.json', b'[' + b'{"a":1},' * ((LIMIT - 100) // 8) + b'{}]')
header = b'From: a@example.org\nSubject: parts\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n'
w('mime-parts.eml', fill(b'--b\nContent-Type: application/x-a\n\nx\n', header, b'--b\nContent-Type: text/plain\n\nfinal text\n--b--\n'))
w('mime-boundaries.eml', fill(b'--b\n', header, b'--b--\n'))
nested = b''.join(b'--b%d\nContent-Type: multipart/mixed; boundary=b%d\n\n' % (i, i + 1) for i in range(3000))
w('mime-nested.eml', b'From: a@example.org\nSubject: nested\nContent-Type: multipart/mixed; boundary=b0\n\n'
  + nested + b'--b3000\nContent-Type: text/plain\n\ninner text\n')
text = b'Ordinary body text about mining and power. ' * 300000
w('base64.eml', b'From: a@example.org\nSubject: b64\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n'
  b'Content-Transfer-Encoding: base64\n\n' + base64.encodebytes(text[:(LIMIT - 300) * 3 // 4 - 200000]))
qp = quopri.encodestring('Café “quotes” and text. '.encode() * 400000)[:LIMIT - 300]
w('qp.eml', b'From: a@example.org\nSubject: qp\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n'
  b'Content-Transfer-Encoding: quoted-printable\n\n' + qp[:qp.rfind(b'\n')])
w('qp-html.eml', b'From: a@example.org\nSubject: qp\nMIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n'
  b'Content-Transfer-Encoding: quoted-printable\n\n' + b'<p>=E4=B8=AD</p>' * ((LIMIT - 300) // 16))

# Every term of the shipped lexicon, in every language, as text: the most matches per byte
# the classifier can meet (a trailing or leading "*" gets a word ending or beginning).
terms = []
topics = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'config', 'topics')
for path in sorted(glob.glob(os.path.join(topics, '*.toml'))):
    with open(path, 'rb') as f:
        for topic in tomllib.load(f).get('topics', {}).values():
            for concept in topic.get('concepts', {}).values():
                for spellings in concept.values():
                    if isinstance(spellings, list):
                        terms += [t.strip('*') + ('s' if t.endswith('*') else '') for t in spellings if isinstance(t, str)]
assert terms, topics
w('terms.txt', fill(', '.join(terms).encode() + b', ', b'Mining ban crackdown\n\n'))
w('term-sentences.txt', fill('. '.join(terms).encode() + b'. ', b'Mining ban crackdown\n\n'))
