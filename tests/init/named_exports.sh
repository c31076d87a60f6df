#!/bin/sh
# Copies of the generated Google Forms exports under the names Google Forms
# gives its downloads (spaces, parentheses), with ';', '#' and '"' besides:
# init lists them quoted in programme.ini (docs/programme.md, «File lists»).
# usage: named_exports.sh WORKDIR   (writes WORKDIR/exports/named/)
set -eu
cd "$1/exports"
rm -rf named
mkdir named
cp forms/mentors_bank_2025.csv "named/Банк наставников 2025 (Ответы) - Ответы на форму (1).csv"
cp forms/mentees_satisfaction_2025.csv "named/Анкета наставляемого (Ответы) - Ответы на форму (1).csv"
cp forms/mentees_satisfaction_2024.csv "named/Анкета наставляемого 2024 (Ответы) - Ответы на форму ; копия #2.csv"
cp forms/самооценка_вход_2025.csv "named/Самооценка вход (Ответы) - Ответы на форму (1).csv"
cp forms/самооценка_итог_2025.csv "named/Самооценка \"итог\" (Ответы).csv"
