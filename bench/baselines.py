"""Every labelled question set beside two baselines, as the README's quality table.

    .venv/bin/python -m bench.baselines

For each set in tests/data and the shared dev sets, the engine's top-1 on in-scope
questions, rejection of the rest, one tap (answered right, or the right program as the
first button) and the precision of what it answered; beside it
- naive: rapidfuzz WRatio over titles, keywords and example questions, answering at ≥ 80
  (as ../shared/eval/score.py does);
- BM25: rank-bm25 (Okapi) over each entry's title, keywords, questions and answer, tokens
  folded (normalize.py) and stemmed by PyStemmer's Russian stemmer; it answers when the
  best score reaches the cutoff that maximises top-1 + rejection on questions.jsonl (its
  one-tap is its first-ranked program when it does not answer).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

import Stemmer
from rank_bm25 import BM25Okapi
from rapidfuzz import fuzz, process, utils

from knowledge.engine import SearchIndex
from knowledge.loader import load_shipped_entries
from knowledge.model import Entry
from knowledge.normalize import tokens

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    "questions": ROOT / "tests/data/questions.jsonl",
    "messages": ROOT / "tests/data/messages.jsonl",
    "voices": ROOT / "tests/data/voices.jsonl",
    "everyday": ROOT / "tests/data/everyday.jsonl",
    "traps": ROOT / "tests/data/traps.jsonl",
    "vague": ROOT / "tests/data/vague.jsonl",
    "holdout (never fitted)": ROOT / "tests/data/holdout.jsonl",
    "fresh (written last, never inspected)": ROOT / "tests/data/fresh.jsonl",
    "independent (helper, scored blind once, then fitted)": ROOT / "tests/data/independent.jsonl",
    "independent2 (second helper, never fitted)": ROOT / "tests/data/independent2.jsonl",
    "independent3 (third helper, scored blind once, then fitted)": ROOT
    / "tests/data/independent3.jsonl",
    "traps2 (helper's traps, scored blind once, then fitted)": ROOT / "tests/data/traps2.jsonl",
    "independent4 (two helpers, scored blind once, then fitted)": ROOT
    / "tests/data/independent4.jsonl",
    "independent5 (fifth helper, never fitted, never inspected)": ROOT
    / "tests/data/independent5.jsonl",
    "independent6 (two helpers, scored blind once, then fitted)": ROOT
    / "tests/data/independent6.jsonl",
    "independent7 (two helpers: scripts and meanings; scored blind once, then fitted)": ROOT
    / "tests/data/independent7.jsonl",
    "independent8 (Russian and Latin; scored blind once, then fitted)": ROOT
    / "tests/data/independent8.jsonl",
    "independent10 (teachers; next to the referrals; scored blind once, then fitted)": ROOT
    / "tests/data/independent10.jsonl",
    "independent11 (villages and cities; scored blind once, then fitted)": ROOT
    / "tests/data/independent11.jsonl",
    "independent12 (short and spoken; program details; scored blind once, then fitted)": ROOT
    / "tests/data/independent12.jsonl",
    "independent13 (vague; mixed, Latin, voice; scored blind once, then fitted)": ROOT
    / "tests/data/independent13.jsonl",
    "independent9 (written last; never fitted, never inspected)": ROOT
    / "tests/data/independent9.jsonl",
    "independent15 (one district over a month; scored blind once, then fitted)": ROOT
    / "tests/data/independent15.jsonl",
    "independent14 (written last; never fitted, never inspected)": ROOT
    / "tests/data/independent14.jsonl",
    "independent16 (vague, long, pupils, teachers; scored blind once, then fitted)": ROOT
    / "tests/data/independent16.jsonl",
    "independent17 (programs easy to confuse; scored blind once, then fitted)": ROOT
    / "tests/data/independent17.jsonl",
    "independent19 (pupils and students; scored blind once, then fitted)": ROOT
    / "tests/data/independent19.jsonl",
    "independent20 (very short messages; scored blind once, then fitted)": ROOT
    / "tests/data/independent20.jsonl",
    "independent22 (double meanings: 130 traps, 70 near them; blind once; worlds, not fitted)": ROOT
    / "tests/data/independent22.jsonl",
    "independent23 (pupils in their chat style, parents of teens; blind once, then fitted)": ROOT
    / "tests/data/independent23.jsonl",
    "independent26 (vague: elders, Russian speakers, mixed; scored blind once, then fitted)": ROOT
    / "tests/data/independent26.jsonl",
    "independent28 (pupils and students writing themselves; blind once, then fitted)": ROOT
    / "tests/data/independent28.jsonl",
    "independent29 (programs easy to confuse, vague, traps; blind once, then fitted)": ROOT
    / "tests/data/independent29.jsonl",
    "independent31 (vague, long stories, traps told as stories; blind once, then fitted)": ROOT
    / "tests/data/independent31.jsonl",
    "independent18 (written last; never fitted, never inspected)": ROOT
    / "tests/data/independent18.jsonl",
    "independent21 (the judges' kinds; never fitted, never inspected)": ROOT
    / "tests/data/independent21.jsonl",
    "independent24 (Russian speakers, village grandparents; never fitted, never inspected)": ROOT
    / "tests/data/independent24.jsonl",
    "independent25 (written last; never fitted, never inspected)": ROOT
    / "tests/data/independent25.jsonl",
    "independent30 (a week's mixed traffic; never fitted, never inspected)": ROOT
    / "tests/data/independent30.jsonl",
    "independent32 (a month's logs; written last; never fitted, never inspected)": ROOT
    / "tests/data/independent32.jsonl",
    "independent33 (the judges' kinds; scored blind once, then fitted)": ROOT
    / "tests/data/independent33.jsonl",
    "independent34 (pupils and students writing themselves; blind once, then fitted)": ROOT
    / "tests/data/independent34.jsonl",
    "independent35 (double meanings: 90 traps, 40 referrals, 70 near; blind once, fitted)": ROOT
    / "tests/data/independent35.jsonl",
    "independent37 (vague, long stories, traps as stories; scored blind once, then fitted)": ROOT
    / "tests/data/independent37.jsonl",
    "independent38 (the judges' kinds again; scored blind once, then fitted)": ROOT
    / "tests/data/independent38.jsonl",
    "independent39 (Russian, mixed and Latin; scored blind once, then fitted)": ROOT
    / "tests/data/independent39.jsonl",
    "independent40 (hardest cases in the judges' kinds; never fitted, never inspected)": ROOT
    / "tests/data/independent40.jsonl",
    "independent41 (vague descriptions of every program; scored blind once, then fitted)": ROOT
    / "tests/data/independent41.jsonl",
    "independent42 (pupils and students writing themselves; scored blind once, then fitted)": ROOT
    / "tests/data/independent42.jsonl",
    "independent43 (hardest cases in the judges' kinds; never fitted, never inspected)": ROOT
    / "tests/data/independent43.jsonl",
    "independent44 (teachers and school staff; scored blind once, then fitted)": ROOT
    / "tests/data/independent44.jsonl",
    "independent45 (Latin script and no Kazakh letters; scored blind once, then fitted)": ROOT
    / "tests/data/independent45.jsonl",
    "independent46 (very short messages and vague ones; scored blind once, then fitted)": ROOT
    / "tests/data/independent46.jsonl",
    "independent47 (Russian and mixed Kazakh–Russian; scored blind once, then fitted)": ROOT
    / "tests/data/independent47.jsonl",
    "independent48 (the judges' kinds, written last; never fitted, never inspected)": ROOT
    / "tests/data/independent48.jsonl",
    "independent49 (vague, the less common programs; scored blind once, then fitted)": ROOT
    / "tests/data/independent49.jsonl",
    "independent50 (long stories and voice transcripts; scored blind once, then fitted)": ROOT
    / "tests/data/independent50.jsonl",
    "independent51 (Kazakh and Russian in Latin letters; scored blind once, then fitted)": ROOT
    / "tests/data/independent51.jsonl",
    "independent52 (hardest cases, written last; never fitted, never inspected)": ROOT
    / "tests/data/independent52.jsonl",
    "independent53 (the judges' kinds, everyday writers; never fitted, never inspected)": ROOT
    / "tests/data/independent53.jsonl",
    "independent54 (vague symptoms, no program's words; scored blind once, then fitted)": ROOT
    / "tests/data/independent54.jsonl",
    "independent55 (double meanings: traps and the same words in the programs' sense; "
    "scored blind once, then fitted)": ROOT / "tests/data/independent55.jsonl",
    "independent56 (figures and rules by region; scored blind once, then fitted)": ROOT
    / "tests/data/independent56.jsonl",
    "independent57 (Kazakh on a Russian keyboard; scored blind once, then fitted)": ROOT
    / "tests/data/independent57.jsonl",
    "independent58 (small talk, everyday traps, very short; scored blind once, then fitted)": ROOT
    / "tests/data/independent58.jsonl",
    "independent59 (the judges' kinds, hard cases; never fitted, never inspected)": ROOT
    / "tests/data/independent59.jsonl",
    "independent60 (traps that look like the programs' situations; scored blind once, "
    "then fitted)": ROOT / "tests/data/independent60.jsonl",
    "independent61 (vague symptoms again, every program; scored blind once, then fitted)": ROOT
    / "tests/data/independent61.jsonl",
    "independent62 (a district's school year; never fitted, never inspected)": ROOT
    / "tests/data/independent62.jsonl",
    "independent63 (vague, asking where to turn; scored blind once, then fitted)": ROOT
    / "tests/data/independent63.jsonl",
    "independent64 (long family stories and mixed Kazakh–Russian; scored blind once, "
    "then fitted)": ROOT / "tests/data/independent64.jsonl",
    "independent65 (big-city families in the judges' kinds; never fitted, never inspected)": ROOT
    / "tests/data/independent65.jsonl",
    "independent66 (school staff in the judges' kinds; never fitted, never inspected)": ROOT
    / "tests/data/independent66.jsonl",
    "independent67 (vague, mostly in Russian; scored blind once, then fitted)": ROOT
    / "tests/data/independent67.jsonl",
    "independent68 (vague descriptions only; never fitted, never inspected)": ROOT
    / "tests/data/independent68.jsonl",
    "independent69 (pupils' and students' own vague messages; scored blind once, then fitted)": ROOT
    / "tests/data/independent69.jsonl",
    "independent70 (vague, from villages; scored blind once, then fitted)": ROOT
    / "tests/data/independent70.jsonl",
    "independent71 (vague contrasts, programs easy to confuse; scored blind once, "
    "then fitted)": ROOT / "tests/data/independent71.jsonl",
    "independent78 (vague descriptions only, written at the end; never fitted, never "
    "inspected)": ROOT / "tests/data/independent78.jsonl",
    "independent79 (a winter week in the judges' kinds; never fitted, never inspected)": ROOT
    / "tests/data/independent79.jsonl",
    "independent74 (vague, the less common programs; scored blind once, then fitted)": ROOT
    / "tests/data/independent74.jsonl",
    "independent75 (vague complaints by upset parents; scored blind once, then fitted)": ROOT
    / "tests/data/independent75.jsonl",
    "independent76 (vague, teachers and school staff; scored blind once, then fitted)": ROOT
    / "tests/data/independent76.jsonl",
    "independent77 (vague voice messages; scored blind once, then fitted)": ROOT
    / "tests/data/independent77.jsonl",
    "independent72 (vague descriptions only, written last; never fitted, never inspected)": ROOT
    / "tests/data/independent72.jsonl",
    "independent73 (the judges' kinds, hard cases, written last; never fitted, never "
    "inspected)": ROOT / "tests/data/independent73.jsonl",
    "independent80 (vague, villages on a Russian keyboard; scored blind once, then fitted)": ROOT
    / "tests/data/independent80.jsonl",
    "independent81 (vague in Russian and mixed; scored blind once, then fitted)": ROOT
    / "tests/data/independent81.jsonl",
    "independent82 (traps in the programs' words and look-alikes; scored blind once, then "
    "fitted)": ROOT / "tests/data/independent82.jsonl",
    "independent83 (a school year's first week in the judges' kinds; never fitted, never "
    "inspected)": ROOT / "tests/data/independent83.jsonl",
    "independent84 (vague descriptions only; never fitted, never inspected)": ROOT
    / "tests/data/independent84.jsonl",
    "independent85 (Latin and Kazakh without Kazakh letters; scored blind once, then fitted)": ROOT
    / "tests/data/independent85.jsonl",
    "independent86 (school staff's situations, rules and figures; scored blind once, then "
    "fitted)": ROOT / "tests/data/independent86.jsonl",
    "independent87 (vague, the less common programs; scored blind once, then fitted)": ROOT
    / "tests/data/independent87.jsonl",
    "independent88 (two things mentioned, one asked about; scored blind once, then fitted)": ROOT
    / "tests/data/independent88.jsonl",
    "independent89 (short hurried messages; scored blind once, then fitted)": ROOT
    / "tests/data/independent89.jsonl",
    "independent90 (a spring term in the judges' kinds; never fitted, never inspected)": ROOT
    / "tests/data/independent90.jsonl",
    "independent91 (vague descriptions only; never fitted, never inspected)": ROOT
    / "tests/data/independent91.jsonl",
    "independent92 (long stories and voice run-ons; scored blind once, then fitted)": ROOT
    / "tests/data/independent92.jsonl",
    "independent93 (vague, town parents' everyday moments; scored blind once, then fitted)": ROOT
    / "tests/data/independent93.jsonl",
    "independent94 (vague, rights and eligibility; scored blind once, then fitted)": ROOT
    / "tests/data/independent94.jsonl",
    "independent95 (vague, pupils' and students' chat; scored blind once, then fitted)": ROOT
    / "tests/data/independent95.jsonl",
    "independent96 (vague worries and comparisons; scored blind once, then fitted)": ROOT
    / "tests/data/independent96.jsonl",
    "independent97 (vague descriptions only; never fitted, never inspected)": ROOT
    / "tests/data/independent97.jsonl",
    "independent98 (an ordinary week in the judges' kinds; never fitted, never inspected)": ROOT
    / "tests/data/independent98.jsonl",
    "independent99 (vague, grandparents; scored blind once, then fitted)": ROOT
    / "tests/data/independent99.jsonl",
    "independent100 (vague, what a child does or cannot do; scored blind once, then fitted)": ROOT
    / "tests/data/independent100.jsonl",
    "independent101 (vague, the school as a place; scored blind once, then fitted)": ROOT
    / "tests/data/independent101.jsonl",
    "independent102 (vague, one short sentence each; scored blind once, then fitted)": ROOT
    / "tests/data/independent102.jsonl",
    "independent103 (vague descriptions only; never fitted, never inspected)": ROOT
    / "tests/data/independent103.jsonl",
    "independent104 (the winter holidays in the judges' kinds; never fitted, never inspected)": ROOT
    / "tests/data/independent104.jsonl",
    "independent105 (vague, Kazakh and Russian switched mid-sentence; scored blind once, "
    "then fitted)": ROOT / "tests/data/independent105.jsonl",
    "independent106 (vague, half-remembered things; scored blind once, then fitted)": ROOT
    / "tests/data/independent106.jsonl",
    "independent107 (traps in the programs' words beside vague; scored blind once, then "
    "fitted)": ROOT / "tests/data/independent107.jsonl",
    "independent108 (vague descriptions only; never fitted, never inspected)": ROOT
    / "tests/data/independent108.jsonl",
    "independent109 (early summer in the judges' kinds; never fitted, never inspected)": ROOT
    / "tests/data/independent109.jsonl",
    "independent110 (vague, parents of young children in short messages; scored blind once, "
    "then fitted)": ROOT / "tests/data/independent110.jsonl",
    "independent111 (vague, villages in mixed Kazakh–Russian and voice; scored blind once, "
    "then fitted)": ROOT / "tests/data/independent111.jsonl",
    "independent112 (early autumn in the judges' kinds; scored blind once, then fitted)": ROOT
    / "tests/data/independent112.jsonl",
    "independent113 (vague, by teachers and older pupils; scored blind once, then fitted)": ROOT
    / "tests/data/independent113.jsonl",
    "independent114 (vague, by grandparents and guardians; never fitted, never inspected)": ROOT
    / "tests/data/independent114.jsonl",
    "independent115 (winter in the judges' kinds; never fitted, never inspected)": ROOT
    / "tests/data/independent115.jsonl",
    "independent116 (vague, town parents in Russian; scored blind once, then fitted)": ROOT
    / "tests/data/independent116.jsonl",
    "independent117 (vague, Kazakh on a Russian keyboard and in Latin; scored blind once, "
    "then fitted)": ROOT / "tests/data/independent117.jsonl",
    "independent118 (vague, the programs people know least; scored blind once, then fitted)": ROOT
    / "tests/data/independent118.jsonl",
    "independent119 (spring in the judges' kinds; scored blind once, then fitted)": ROOT
    / "tests/data/independent119.jsonl",
    "independent120 (vague, every writer and style; never fitted, never inspected)": ROOT
    / "tests/data/independent120.jsonl",
    "independent121 (an ordinary school week in the judges' kinds; never fitted, never "
    "inspected)": ROOT / "tests/data/independent121.jsonl",
    "independent123 (vague in 3 to 9 words; scored blind once, then fitted)": ROOT
    / "tests/data/independent123.jsonl",
    "independent124 (vague, pupils and students about themselves; scored blind once, then "
    "fitted)": ROOT / "tests/data/independent124.jsonl",
    "independent125 (the judges' kinds with hard traps; scored blind once, then fitted)": ROOT
    / "tests/data/independent125.jsonl",
    "independent128 (vague, school staff; scored blind once, then fitted)": ROOT
    / "tests/data/independent128.jsonl",
    "independent129 (vague, city parents mixing Kazakh and Russian; scored blind once, then "
    "fitted)": ROOT / "tests/data/independent129.jsonl",
    "independent130 (late autumn in the judges' kinds; scored blind once, then fitted)": ROOT
    / "tests/data/independent130.jsonl",
    "independent131 (vague, grandparents and guardians; scored blind once, then fitted)": ROOT
    / "tests/data/independent131.jsonl",
    "independent134 (vague, Russian-speaking families; scored blind once, then fitted)": ROOT
    / "tests/data/independent134.jsonl",
    "independent135 (vague, long stories; scored blind once, then fitted)": ROOT
    / "tests/data/independent135.jsonl",
    "independent136 (vague, the least-known programs; scored blind once, then fitted)": ROOT
    / "tests/data/independent136.jsonl",
    "independent137 (summer and August in the judges' kinds; scored blind once, then fitted)": ROOT
    / "tests/data/independent137.jsonl",
    "independent144 (vague in 2 to 10 words, typed in a hurry; scored blind once, then "
    "fitted)": ROOT / "tests/data/independent144.jsonl",
    "independent145 (vague without Kazakh Cyrillic letters: Latin and the Russian keyboard; "
    "scored blind once, then fitted)": ROOT / "tests/data/independent145.jsonl",
    "independent146 (winter in the judges' kinds; scored blind once, then fitted)": ROOT
    / "tests/data/independent146.jsonl",
    "independent147 (vague, fathers, uncles and older brothers, blunt; scored blind once, "
    "then fitted)": ROOT / "tests/data/independent147.jsonl",
    "independent150 (vague, teenagers in chat style; scored blind once, then fitted)": ROOT
    / "tests/data/independent150.jsonl",
    "independent151 (vague, pupils and students in chat style; scored blind once, then "
    "fitted)": ROOT / "tests/data/independent151.jsonl",
    "independent154 (vague, pupils' chat, mostly Kazakh with slang; scored blind once, then "
    "fitted)": ROOT / "tests/data/independent154.jsonl",
    "independent155 (vague, teenagers in Latin letters or Russian slang, 15 in English; "
    "scored blind once, read, not fitted)": ROOT / "tests/data/independent155.jsonl",
    "independent158 (vague, village pupils on a Russian keyboard with slang; scored blind "
    "once, then fitted)": ROOT / "tests/data/independent158.jsonl",
    "independent159 (vague, city teenagers in Russian slang or Latin; scored blind once, "
    "then fitted)": ROOT / "tests/data/independent159.jsonl",
    "independent162 (the Almaty region's winter in the judges' kinds; scored blind once, "
    "then fitted)": ROOT / "tests/data/independent162.jsonl",
    "independent164 (typed fast on a phone with slips, vague and direct; scored blind once, "
    "then fitted)": ROOT / "tests/data/independent164.jsonl",
    "independent166 (vague in 3 to 12 words by pupils and students, with emoji; scored blind "
    "once, then fitted)": ROOT / "tests/data/independent166.jsonl",
    "independent168 (Russian-speaking city families, Russian with Kazakh words; scored blind "
    "once, then fitted)": ROOT / "tests/data/independent168.jsonl",
    "independent170 (vague in 3 to 12 words by every writer; scored blind once, then fitted)": ROOT
    / "tests/data/independent170.jsonl",
    "independent172 (vague in 3 to 12 words by pupils, no Kazakh Cyrillic letters; scored "
    "blind once, then fitted)": ROOT / "tests/data/independent172.jsonl",
    "independent174 (small talk, traps, referrals, needs wrapped in small talk; scored blind "
    "once, then fitted)": ROOT / "tests/data/independent174.jsonl",
    "independent176 (teachers and school staff in the judges' kinds; scored blind once, then "
    "fitted)": ROOT / "tests/data/independent176.jsonl",
    "independent178 (Zhambyl families at the school year's start in the judges' kinds; scored "
    "blind once, then fitted)": ROOT / "tests/data/independent178.jsonl",
    "independent180 (vague in 3 to 12 words by pupils about school life; scored blind once, "
    "then fitted)": ROOT / "tests/data/independent180.jsonl",
    "independent182 (dictated by fathers and grandparents, Kazakh and Russian mixed; scored "
    "blind once, then fitted)": ROOT / "tests/data/independent182.jsonl",
    "independent184 (small talk, traps, referrals, needs in small talk, typed with slips; "
    "scored blind once, then fitted)": ROOT / "tests/data/independent184.jsonl",
    "independent186 (vague in 3 to 12 words by pupils about what they want; scored blind "
    "once, then fitted)": ROOT / "tests/data/independent186.jsonl",
    "independent188 (vague in 3 to 12 words by village families on a Russian keyboard; "
    "scored blind once, then fitted)": ROOT / "tests/data/independent188.jsonl",
    "independent190 (long family stories, the question buried; scored blind once, then "
    "fitted)": ROOT / "tests/data/independent190.jsonl",
    "independent192 (short direct questions about details and figures; scored blind once, "
    "then fitted)": ROOT / "tests/data/independent192.jsonl",
    "independent126 (vague, every writer and style; never fitted, never inspected)": ROOT
    / "tests/data/independent126.jsonl",
    "independent127 (a whole school year in the judges' kinds; never fitted, never inspected)": ROOT
    / "tests/data/independent127.jsonl",
    "independent132 (vague, every writer and style; never fitted, never inspected)": ROOT
    / "tests/data/independent132.jsonl",
    "independent133 (evenings after parents' meetings in the judges' kinds; never fitted, "
    "never inspected)": ROOT / "tests/data/independent133.jsonl",
    "independent138 (vague, every writer and style; never fitted, never inspected)": ROOT
    / "tests/data/independent138.jsonl",
    "independent139 (a whole school year in the judges' kinds; never fitted, never inspected)": ROOT
    / "tests/data/independent139.jsonl",
    "independent140 (vague, every writer and style; never fitted, never inspected)": ROOT
    / "tests/data/independent140.jsonl",
    "independent141 (a spring term in the judges' kinds; never fitted, never inspected)": ROOT
    / "tests/data/independent141.jsonl",
    "independent142 (vague in 3 to 12 words; never fitted, never inspected)": ROOT
    / "tests/data/independent142.jsonl",
    "independent143 (a rural district's school year in the judges' kinds; never fitted, "
    "never inspected)": ROOT / "tests/data/independent143.jsonl",
    "independent148 (a big city's families in the judges' kinds; never fitted, never "
    "inspected)": ROOT / "tests/data/independent148.jsonl",
    "independent149 (vague in 3 to 12 words by pupils and students, no Kazakh letters; never "
    "fitted, never inspected)": ROOT / "tests/data/independent149.jsonl",
    "independent152 (vague in 3 to 12 words by teenagers in chat style; never fitted, never "
    "inspected)": ROOT / "tests/data/independent152.jsonl",
    "independent153 (Zhambyl towns at a school year's start in the judges' kinds; never "
    "fitted, never inspected)": ROOT / "tests/data/independent153.jsonl",
    "independent156 (vague in 3 to 12 words by teenagers in chat style, again; never fitted, "
    "never inspected)": ROOT / "tests/data/independent156.jsonl",
    "independent157 (the Almaty region's school year in the judges' kinds; never fitted, "
    "never inspected)": ROOT / "tests/data/independent157.jsonl",
    "independent160 (vague in 3 to 12 words by teenagers, written last; never fitted, never "
    "inspected)": ROOT / "tests/data/independent160.jsonl",
    "independent161 (vague in 3 to 12 words by parents and grandparents, written last; never "
    "fitted, never inspected)": ROOT / "tests/data/independent161.jsonl",
    "independent163 (Shymkent's spring in the judges' kinds; never fitted, never inspected)": ROOT
    / "tests/data/independent163.jsonl",
    "independent165 (typed fast on a phone with slips, vague and direct; never fitted, never "
    "inspected)": ROOT / "tests/data/independent165.jsonl",
    "independent167 (vague in 3 to 12 words by pupils and students, with emoji; never "
    "fitted, never inspected)": ROOT / "tests/data/independent167.jsonl",
    "independent169 (Russian-speaking city families, Russian with Kazakh words; never "
    "fitted, never inspected)": ROOT / "tests/data/independent169.jsonl",
    "independent171 (vague in 3 to 12 words by every writer; never fitted, never inspected)": ROOT
    / "tests/data/independent171.jsonl",
    "independent173 (vague in 3 to 12 words by pupils, no Kazakh Cyrillic letters; never "
    "fitted, never inspected)": ROOT / "tests/data/independent173.jsonl",
    "independent175 (small talk, traps, referrals, needs wrapped in small talk; never "
    "fitted, never inspected)": ROOT / "tests/data/independent175.jsonl",
    "independent177 (families in the winter holidays in the judges' kinds; never fitted, "
    "never inspected)": ROOT / "tests/data/independent177.jsonl",
    "independent179 (Zhambyl families at the school year's start in the judges' kinds; never "
    "fitted, never inspected)": ROOT / "tests/data/independent179.jsonl",
    "independent181 (vague in 3 to 12 words by pupils about school life; never fitted, never "
    "inspected)": ROOT / "tests/data/independent181.jsonl",
    "independent183 (dictated by fathers and grandparents, Kazakh and Russian mixed; never "
    "fitted, never inspected)": ROOT / "tests/data/independent183.jsonl",
    "independent185 (small talk, traps, referrals, needs in small talk, typed with slips; "
    "never fitted, never inspected)": ROOT / "tests/data/independent185.jsonl",
    "independent187 (vague in 3 to 12 words by pupils about what they want; never fitted, "
    "never inspected)": ROOT / "tests/data/independent187.jsonl",
    "independent189 (vague in 3 to 12 words by village families on a Russian keyboard; "
    "never fitted, never inspected)": ROOT / "tests/data/independent189.jsonl",
    "independent191 (long family stories, the question buried; never fitted, never inspected)": ROOT
    / "tests/data/independent191.jsonl",
    "independent193 (short direct questions about details and figures; never fitted, never "
    "inspected)": ROOT / "tests/data/independent193.jsonl",
    "independent36 (a month's traffic; written last; never fitted, never inspected)": ROOT
    / "tests/data/independent36.jsonl",
    "shared dev": ROOT.parent / "shared/eval/dev.jsonl",
    "shared dev-hard": ROOT.parent / "shared/eval/dev-hard.jsonl",
}
# slug (None: not answered) and the ranked suggestions
Reply = tuple[str | None, list[str]]


def _rows(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _score(rows: Sequence[dict[str, object]], replies: Sequence[Reply]) -> dict[str, float]:
    top1 = n_in = rej = n_out = onetap = answered = right = 0
    for row, (slug, ranked) in zip(rows, replies, strict=True):
        expect = row["expect"]
        if slug is not None:
            answered += 1
            right += slug == expect
        if expect is None:
            n_out += 1
            rej += slug is None
        else:
            n_in += 1
            top1 += slug == expect
            onetap += slug == expect or (slug is None and ranked[:1] == [expect])
    return {
        "top1": top1 / max(n_in, 1),
        "reject": rej / max(n_out, 1),
        "onetap": onetap / max(n_in, 1),
        "precision": right / max(answered, 1),
        "n_in": n_in,
        "n_out": n_out,
    }


def engine(index: SearchIndex) -> Callable[[str], Reply]:
    def reply(q: str) -> Reply:
        a = index.answer(q)
        return a.slug, list(a.suggestions)

    return reply


def naive(entries: Sequence[Entry], cutoff: float = 80) -> Callable[[str], Reply]:
    choices, owners = [], []
    for e in entries:
        for text in (e.title, *e.keywords, *e.questions):
            choices.append(text)
            owners.append(e.slug)

    def reply(q: str) -> Reply:
        hits = process.extract(q, choices, scorer=fuzz.WRatio, processor=utils.default_process,
                               limit=10)  # fmt: skip
        ranked = list(dict.fromkeys(owners[i] for _, _, i in hits))
        slug = owners[hits[0][2]] if hits and hits[0][1] >= cutoff else None
        return slug, ranked

    return reply


class Bm25:
    def __init__(self, entries: Sequence[Entry]) -> None:
        self._stemmer = Stemmer.Stemmer("russian")
        self.slugs = [e.slug for e in entries]
        docs = [
            self._terms(" ".join((e.title, *e.keywords, *e.questions, e.answer))) for e in entries
        ]
        self._bm25 = BM25Okapi(docs)
        self.cutoff = 0.0

    def _terms(self, text: str) -> list[str]:
        return [str(t) for t in self._stemmer.stemWords(tokens(text))]

    def ranked(self, q: str) -> tuple[float, list[str]]:
        scores = self._bm25.get_scores(self._terms(q))
        order = sorted(range(len(scores)), key=lambda i: -scores[i])
        return float(scores[order[0]]), [self.slugs[i] for i in order[:3]]

    def reply(self, q: str) -> Reply:
        best, ranked = self.ranked(q)
        return (ranked[0] if best >= self.cutoff else None), ranked

    def fit_cutoff(self, rows: Sequence[dict[str, object]]) -> None:
        scored = [(self.ranked(str(r["q"])), r["expect"]) for r in rows]
        best, best_gain = 0.0, -1.0
        for cutoff in sorted({s for (s, _), _ in scored}):
            self.cutoff = cutoff
            figures = _score(rows, [self.reply(str(r["q"])) for r in rows])
            gain = figures["top1"] + figures["reject"]
            if gain > best_gain:
                best, best_gain = cutoff, gain
        self.cutoff = best


def _cell(figures: dict[str, float], key: str, in_scope: int) -> str:
    # No in-scope question: top-1 and one tap say nothing (traps2 has none).
    return "–" if key in ("top1", "onetap") and not in_scope else f"{figures[key]:.3f}"


def main() -> None:
    entries = load_shipped_entries()
    index = SearchIndex(entries)
    bm25 = Bm25(entries)
    bm25.fit_cutoff(_rows(SETS["questions"]))
    methods = {"engine": engine(index), "naive": naive(entries), "BM25": bm25.reply}
    print(f"BM25 cutoff (fitted on questions.jsonl): {bm25.cutoff:.2f}\n")
    print("| set | in / out | engine top-1 | reject | one tap | precision | naive top-1 | reject "
          "| BM25 top-1 | reject | one tap |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, path in SETS.items():
        if not path.exists():
            continue
        rows = _rows(path)
        f = {m: _score(rows, [fn(str(r["q"])) for r in rows]) for m, fn in methods.items()}
        e, n, b = f["engine"], f["naive"], f["BM25"]
        cell = partial(_cell, in_scope=int(e["n_in"]))
        print(
            f"| {name} | {e['n_in']} / {e['n_out']} | {cell(e, 'top1')} | {cell(e, 'reject')} "
            f"| {cell(e, 'onetap')} | {cell(e, 'precision')} | {cell(n, 'top1')} "
            f"| {cell(n, 'reject')} | {cell(b, 'top1')} | {cell(b, 'reject')} "
            f"| {cell(b, 'onetap')} |"
        )


if __name__ == "__main__":
    main()
