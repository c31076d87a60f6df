#!/usr/bin/env python3
"""Independent figures of the real exports in tests/real/data, from their raw
cells, and their comparison with what mentorstat publishes.

What each column IS was read by a person from the raw file (SPECS below), not
from mentorstat's drafts; the figures are counted here with Python's csv module
only.  The comparison then reads what mentorstat publishes (`analyze --json` on
the unedited drafts) and, to find a column there, the draft codebook's
`source` -> `name` mapping (never its types or choices).

usage: count.py DATA.csv... ANALYZE.json CODEBOOK.csv   compare, exit 1 on a difference
       count.py DATA.csv                                print the independent figures
Several DATA files are the years of one questionnaire: their figures are pooled,
as `analyze` pools the files it is given.
"""
import csv
import datetime
import json
import os
import re
import sys

# Kinds: year (school year of a time stamp, September to August, named by the
# year it ends), choice (one answer: counts of the trimmed answers; `missing`
# answers are not counted), multi (options joined by `sep`; a part that is no
# listed option is the «Другое»/Other text, counted once per person under
# `other`), number and scale (n and mean of the numbers), and text, personal,
# ignore: not analysed, and then never published.
DONT_KNOW = ["Не знаю", "не знаю", "Затрудняюсь ответить", "-"]

SPECS = {
    "ru_forms_olympiad_2017.csv": {
        "columns": {
            "Отметка времени": ("year", "%Y/%m/%d %I:%M:%S %p"),
            "ФИО": ("personal",),
            "Возраст": ("number",),
            "Языки": ("text",),       # typed by hand: «python,c,c++», «В школе учил C++»
            "Проекты": ("text",),
            "Конкурсы и олимпиады": ("text",),
        },
    },
    "ru_forms_ecology_2022.csv": {
        "columns": {
            "Отметка времени": ("year", "%Y/%m/%d %I:%M:%S %p"),
            "Вопрос без заголовка": ("choice",),
            "Почему это вам волнует?": ("text",),
            "Какой результат вы хотите видеть?": ("text",),
        },
    },
    "ru_hr_manager_survey.csv": {
        "columns": {
            "Профессиональные качества": ("choice",),
            "Советуется с Вами": ("choice",),
            "Наличие четких целей, KPI": ("choice",),
            "Делегирует полномочия": ("choice",),
            "Дает обратную связь": ("choice",),
            "Критикует в присутствии других": ("choice",),
            "Благодарит за достижения": ("choice",),
            "Знает о карьерных планах": ("choice",),
            "Саморазвитие руководителя": ("choice",),
            "Проявляет заботу о Вашем развитии": ("choice",),
            "Повышает на Вас голос": ("choice",),
            "Готов рекомендовать": ("choice",),
        },
    },
    "en_edinbr_meetup_2015.csv": {
        "columns": {
            "": ("ignore",),                 # R's row numbers 1..74
            "ans.time": ("year", "%d/%m/%Y %H:%M:%S"),  # a Google Form's stamps, day first
            "attend": ("choice",),
            "expertise": ("choice",),
            "time": ("choice",),
            "day": ("choice",),
            # three options of the form and what people typed into "Other"
            "venue": ("choice", [
                "7 George Square (where the first meeting was held) and nearby (e.g. informatics)",
                "Pub function rooms in the city",
                "Roving venues around the city (academic institutes, University buildings and "
                "companies)"], "Other"),
            # the form's options in the order Google writes them; the rest is "Other" text
            "topic": ("multi", ", ", [
                "ggplot2", "dplyr", "parallel R code", "developing R package", "data.table",
                "working with big data", "ggvis", "RStudio", "Using R on Eddy",
                "Reproducible research in R", "Getting a package onto CRAN", "bioconductor",
                "Textmate", "Rpushbullet notifications", "Teaching R", "interactive R plots",
                "Acinonyx", "Intro to R"], "Other"),
            "hack": ("choice",),
        },
    },
    # Answers of a Google Form re-saved with ';' between columns and "/ " where
    # the form wrote ", " (so "/ " both joins options and sits inside labels).
    "ru_hr_digital_recruiting.csv": {
        "columns": dict(
            [(h, ("choice",)) for h in ("Sex", "Age", "Region", "Fstat", "Children", "Ed", "Emp",
                                       "Years", "Group", "Comp", "Market", "Sphere", "Interview",
                                       "Vid", "Chat", "Social3", "AI", "VR")]
            + [("Social1", ("scale",)), ("Level", ("scale",))]
            + [("DigitalTech", ("multi", "/ ", [
                "Сервис для видеоинтервью", "Чат-боты",
                "Подача отклика (резюме) через автоматизированные системы (личный кабинет "
                "соискателя)", "Социальные сети", "Сервисы для онлайн-оценки навыков и компетенций",
                "Никакими"], "Другое")),
               ("Lk", ("multi", "/ ", [
                "Такой формат позволяет быть уверенным в том/ что резюме точно будет в базе "
                "кандидатов компании",
                "Такой формат занимает много времени/ легче отправить резюме через e-mail или "
                "сервис с вакансиями",
                "Неудобный интерфейс/ удобнее отправить резюме через e-mail или сервис с "
                "вакансиями",
                "Если компания предлагает только такой формат подачи отклика/ я отказываюсь от "
                "отправки резюме",
                "Такой формат вполне устраивает"], "Другое")),
               ("Social2", ("multi", "/ ", ["Facebook", "LinkedIn", "Instagram", "Telegram",
                                            "ВКонтакте",
                                            "Не пользуюсь социальными сетями для поиска работы"],
                            "Другое")),
               ("AdvVR", ("multi", "/ ", [
                "Позволяют увлекательно пройти оценку в компании при процессе подбора",
                "Позволяют заранее посмотреть/ как устроен рабочий день компании и процессы",
                "Не вижу практической пользы/ думаю/ они используются только для улучшения "
                "бренда работодателя"], "Другое")),
               ("AdvDig", ("multi", "/ ", ["Ускоряют процесс подбора",
                                           "Положительно влияют на бренд работодателя",
                                           "Делают процесс подбора более увлекательным"],
                           "Другое")),
               ("DisadvDig", ("multi", "/ ", ["Замедляют процесс трудоустройства",
                                              "Слишком сложны в использовании",
                                              "Зачастую нет адаптации на русский язык",
                                              "Никак не влияют на скорость трудоустройства"],
                              "Другое"))]
        ),
    },
    # An online course's welcome survey: which office-hour slots suit you
    # (several, joined by "   ; "), then a free text; names and e-mails coded.
    "en_course_office_hours_2026.csv": {
        "columns": {
            "Last name": ("personal",), "First name": ("personal",),
            "Email address": ("personal",), "Status": ("ignore",), "Started": ("ignore",),
            "Completed": ("ignore",), "Duration": ("ignore",),
            "Duration (HH:MM:SS)": ("ignore",),
            "Response 1": ("multi", ";", [
                "10:00am-11:00am", "11:00am - 12:00pm", "12:00pm - 1:00pm", "1:00pm - 2:00pm",
                "2:00pm - 3:00pm", "3:00pm - 4:00pm", "4:00pm - 5:00pm", "5:00pm - 6:00pm"],
                "Other"),
            "Response 2": ("text",),
        },
    },
    "en_wellbeing_app_2026.csv": {
        "columns": dict(
            [("timestamp", ("year", "%Y-%m-%dT%H:%M:%S.%f")), ("department", ("choice",))]
            + [("q%d" % i, ("scale",)) for i in range(1, 16)]
        ),
    },
}

# A Google Forms .xlsx download: a task manager's market survey.  Options as
# the form offered them (a person reads «Приложения (Todo, Notion и т.д)» as one
# option); «0 ₽» is stored twice: as the text and as the number 0 shown «0₽».
SPECS["ru_forms_task_manager_2026.xlsx"] = {
    "columns": {
        "Отметка времени": ("year", "serial"),
        "Ваш род деятельности:": ("multi", ", ", ["Студент", "Работающий", "Стартапер"], "Другое"),
        "Сколько задач у вас обычно в неделю?": ("choice",),
        "Как вы сейчас фиксируете задачи?": ("multi", ", ", [
            "Бумажник / ежедневник", "Телефон/напоминания", "Приложения (Todo, Notion и т.д)",
            "Приложения", "Стараюсь держать в голове", "Держу в голове", "Бумага"], "Другое"),
        "Вспомните последний раз, когда вы забыли важную задачу.\nЧто это была за задача?": ("text",),
        "Сколько времени вы тратите на организацию задач в неделю?": ("choice",),
        "Сколько денег вы сейчас тратите на сервисы для управления задачами?": (
            "choice", ["0 ₽", "До 200 ₽ в месяц", "200-500 ₽ в месяц", "500+ ₽ в месяц"], "0 ₽"),
        'Было ли у вас такое, что нужно быстро записать задачу "на ходу"?': ("text",),
        # a checkbox question: one person ticked both
        "Используете ли вы мессенджеры для работы/учёбы?": ("multi", ", ", ["Да", "Нет"], "Другое"),
        "В какой ситуации это произошло?\n\nГде вы были? Чем занимались?": ("text",),
        "Когда задача появилась, что вы сделали?": ("text",),
        "Почему вы не зафиксировали задачу сразу? \nЧто помешало?": ("text",),
        "Что вы почувствовали, когда забыли задачу?": ("text",),
        "Что вас не устраивает в текущем способе?": ("text",),
        "Если вы не платите, то почему?": ("text",),
        "Если бы можно было быстро записать задачу прямо в Telegram (без открытия отдельных "
        "приложений), вы бы пользовались таким решением?": ("choice",),
        "Почему вы бы НЕ стали этим пользоваться?": ("text",),
    },
}
# A Google Forms .xlsx its owner worked in: 27 answers, then formula rows
# (=SUM, =AVERAGEA, =MIN, =MAX of J2:J27) and a link: no answers.
SPECS["ru_forms_flares_2018.xlsx"] = {
    "answers": 27,
    "columns": {
        "Отметка времени": ("year", "serial"),
        "Как Вас зовут?": ("personal",),
        "Сколько Вам лет?": ("choice",),
        "Вы студент ВШЭ?": ("choice",),
        "Когда Вы закончили школу? (Если закончили)": ("ignore",),  # one answer of 27
        "Вам нравятся джинсы (и т.д.) клеш?": ("choice",),
        "Какой вариант вам нравится больше?": ("choice",),
        "Насколько вы любите клеш?": ("choice",),
        "Какой фасон штанов (ну или джинсов и тд) Вы любите?": ("choice",),
        "Как часто Вы видите людей в брюках клеш?": ("scale",),  # answers 3–10
        "В каких годах брюки клеш обрели популярность?": ("choice",),
    },
}
# The two-wave case: one course's entry and exit surveys, written by R (NA: no answer).
SPECS["en_ds4owd_presurvey.csv"] = {
    "columns": dict(
        [("id", ("id",)), ("google_timestamp", ("year", "%Y-%m-%dT%H:%M:%SZ")),
         ("zoom_timestamp", ("ignore",))]
        + [(h, ("choice",)) for h in (
            "prog_exp", "prog_exp_r", "prog_ease_max_list", "data_format", "current_use_llm",
            "work_organisation", "barrier_time_availability", "barrier_supervisor_interests",
            "barrier_internet_connection", "barrier_electricity", "barrier_computer",
            "interest_share_dataset")]
    ),
}
SPECS["en_ds4owd_postsurvey.csv"] = {
    "columns": dict(
        [("course_completion", ("number",))]
        + [(h, ("scale",)) for h in (
            "rating_overall", "rating_structure", "rating_ins_knowledge", "rating_ins_clarity",
            "rating_ins_comp", "rating_ins_app", "rating_self_r_comp", "rating_self_vc_comp",
            "conf_skill_app")]
        + [(h, ("choice",)) for h in ("expectations", "learning_objectives", "feedback")]
        + [(h, ("text",)) for h in ("most_liked", "least_liked", "suggestion", "other_comments")]
        + [("reason_non_participation", ("ignore",))]  # NA in every row: nobody answered
    ),
}

# Two years of one course evaluation (the year is only in the file names): ten
# agreement items 1–5 ("no value: not applicable"), three open questions.
_LOGIC = {
    "columns": dict(
        [(h, ("scale",)) for h in (
            "The seminar leader was well prepared",
            "The seminar leader gave interesting and informative classes",
            "The seminar leader explained the subject clearly",
            "The seminar leader was effective in leading the class or seminar",
            "The seminar leader is receptive to students' questions",
            "The seminar leader stimulates interest in the subject",
            "The seminar leader stimulates discussion on the subject",
            "The seminar leader stimulates me to think and learn",
            "The seminar leader has a good rapport with the class",
            "The seminar leader is available to answer questions during office hours")]
        + [(h, ("text",)) for h in (
            "What have been the positive features of this module up to this point?",
            "Were there any negative features of this module up to this point? What aspects of "
            "the module might be improved?",
            "Any other comments")]
    ),
}
SPECS["en_intro_logic_2023.csv"] = _LOGIC
SPECS["en_intro_logic_2025.csv"] = _LOGIC
SPECS["en_elementary_logic_2025.csv"] = _LOGIC  # the same form, a third module
SPECS["en_methodology_2025.csv"] = _LOGIC  # the same form for another module
SPECS["en_methodology_2026.csv"] = _LOGIC

# The same items at the start and at the end of a course (UPPMAX's NAISS
# "Introduction to Python", 2025-04-24): sixteen confidence items answered 0–5,
# a Google Forms time stamp written day first (24/04/2025 08:50:04, a
# non-US locale); the end survey adds "Any other feedback?".  Anonymous: no
# code links a person's two answers.
_NAISS_ITEMS = [
    "I am comfortable using the documentation of my HPC center",
    "I am comfortable using a Python book", "I am comfortable learning Python",
    "I can login to my HPC cluster", "I can load a Python version on my HPC cluster",
    "I can describe what the Python programming language is",
    "I can describe what the Python interpreter is", "I can use a text editor on my HPC cluster",
    "I can create a Python script", "I can run a Python script",
    "In Python, I can create a variable", "In Python, I can use a variable",
    "I can convert a simple equation to Python code",
    "In Python, I can find and use the operator for exponentiation",
    "In Python, I know what the modulo operator is and when to use it",
    "I can convert a simple text question to Python code"]
_NAISS = dict(
    [("Timestamp", ("year", "%d/%m/%Y %H:%M:%S"))]
    + [("Give you confidence levels of the following statements below: [%s]" % i, ("scale",))
       for i in _NAISS_ITEMS])
SPECS["en_naiss_python_survey_start.csv"] = {"columns": _NAISS}
SPECS["en_naiss_python_survey_end.csv"] = {
    "columns": dict(_NAISS, **{"Any other feedback?": ("text",)})}

# Two Google Forms .xlsx downloads of Russian homework surveys, read cold
# (2026-12-07).  Travel: a grid of five regions answered in words, a
# checkbox of four beaches (one chosen by one person only, and it holds a
# comma), a few answers typed in.
_TRAVEL_GRID = "Архитектура и история какой области Вам наиболее интересна? [%s]"
SPECS["ru_forms_travel_2018.xlsx"] = {
    "columns": dict(
        [("Отметка времени", ("year", "serial"))]
        + [(h, ("choice",)) for h in (
            "Сколько Вам лет?", "Из какого Вы города?",
            "Любите ли вы покидать родной город в поисках приключений и новых встреч, иными "
            "словами любите ли вы путешествовать?",
            "Сколько раз вы бывали за границей?", "Какой вы предпочитаете отдых?",
            "И все таки, когда вы больше любите посещать дачу?")]
        + [(_TRAVEL_GRID % r, ("choice",))
           for r in ("Азия", "Европа", "РФ и СНГ", "Северная Америка", "Южная Америка")]
        + [("А на каком пляже вы предпочтете отдохнуть?", ("multi", ", ", [
            "Мне в рекламу Баунти пожалуйста",
            "Сочетание стекла/бетона и солнца/пляжа в ОАЭ для меня лучше всего",
            "Турция - дешево и сердито", "Что ни говори, а россикий юг это родное"], "Другое")),
           ("Что вы хотели бы изучать?", ("text",)),  # two people's own words
           ("На какой период времени вы бы хотели поехать учиться за границей?", ("number",))]),
}
# Cinema: 40 answers, then the owner's tallies (captions typed into the stamp
# column beside =COUNTIF(…), counts typed beside film names): no answers.
# Two checkboxes whose «Другое» texts hold commas; a choice «из предложенных»
# whose films named by one person each may be options nobody else chose or
# typed texts — read here, as the form writes «Другое», as the latter.
_QUOTE = "Откуда цитата (Напишите название фильма, если знаете) [\"%s\"]"
SPECS["ru_forms_cinema_2018.xlsx"] = {
    "answers": 40,
    "columns": dict(
        [("Отметка времени", ("year", "serial"))]
        + [(h, ("choice",)) for h in (
            "Ваш пол", "Ваш возраст", "Любите ли вы кино?", "Можно ли назвать кино искусством?",
            "Можете ли вы сказать, что разбираетесь в кино?", "Когда был снят самый первый фильм?",
            "Кем был снят первый фильм?", "Что вы делаете в свободное время?")]
        + [(_QUOTE % q, ("choice",)) for q in (
            "Да пребудет с тобой Сила!",
            "Я собираюсь сделать ему предложение, от которого он не сможет отказаться",
            "Hasta la vista, baby", "Бог мне свидетель, — я никогда больше не буду голодать",
            "Хьюстон, у нас проблема", "У нас всегда будет Париж",
            "Мы признаём, что должны пожертвовать целой субботой за совершённый нами проступок. "
            "Да, мы виноваты, но заставлять нас писать сочинение о самих себе — это просто "
            "безумие. Какое вам дело, кто мы? Вы видите нас так, как вам хочется. Короче говоря, "
            "очень упрощённо. Мы обнаружили, что каждый из нас: Умник, Спортсмен, Психопат, "
            "Принцесса и Преступник. Это ответ на ваш вопрос?",
            "Страшно отказываться от своих верований и чувств… Нам всем необходимо одобрение, но "
            "вы должны верить в то, что ваши взгляды уникальны и принадлежат только вам.")]
        + [("Выберете наиболее интересные для вас варианты...", ("multi", ", ", [
            "Автобиографии", "Голливудские фильмы последнего времени", "Мультфильмы",
            "Немое кино", "Российские комедии (Елки и т.д.)",
            "Российское кино (Фильмы Кончаловского и т.д.)", "Советские фильмы",
            "Фильмы конца XIX века"], "Другое")),
           ("Выберете режиссера", ("multi", ", ", [
               "Андрей Звягинцев", "Андрей Кончаловский", "Квентин Тарантино", "Кристофер Нолан",
               "Мартин Скорсезе", "Стивен Спилберг", "Тим Бертон"], "Другое")),
           ("Какой фильм из предложенных вы бы назвали наиболее важным в кинематографе?", (
               "choice", ["Гарри Поттер", "Звездные войны", "Зеленая миля", "Крестный отец",
                          "Побег из Шоушенка", "Титаник"], "Другое"))]),
}

# Read cold (2026-12-07, cold23).  A Russian Google Sheets CSV of six answers
# whose time-stamp header was renamed «Столбец 1»: stamps written day first,
# two ", "-joined checkboxes, a 1–5 linear scale answered 3–4, a question of
# four options that six people answered with four different ones.
SPECS["ru_techdebt_survey_2025.csv"] = {
    "columns": dict(
        [("Столбец 1", ("year", "%d.%m.%Y %H:%M:%S"))]
        + [(h, ("choice",)) for h in (
            "Как часто вы сталкиваетесь с техническим долгом в системах работы с данными?",
            "Насколько вы оцениваете работу нынешней системы?",
            "Как технический долг влияет на работу компании?",
            "На каком из уровней, вы чаще всего встречали технический долг?",
            "Как часто технический долг приводит к сбоям в системе?",
            "Как часто нужно производить работу по улучшению кода?",
            "Насколько важно вести документацию о том, как устроены базы данных, ETL-процессы и "
            "обработка данных?")]
        + [("Какие основные причины накопления технического долга?", ("multi", ", ", [
            "Дефицит или отсутствие специалистов",
            "Не уделили достаточно времени на тестирование системы", "Плохая архитектура",
            "Спешка при разработке", "Устаревшие технологии"], "Другое")),
           ("Какие меры вы используете для предотвращения технического долга?", ("multi", ", ", [
               "Автоматизация тестирования", "Обучение вашей команды", "Рефакторинг кода"],
               "Другое")),
           ("Насколько технический долг влияет на качество клиентского опыта?", ("scale",)),
           ("С каким трудностями вы сталкиваетесь при устранении технического долга ?", ("text",)),
           ("Какие советы вы можете дать, чтобы минимизировать технический долг в работе с "
            "данными ?", ("text",))]),
}
# A Google Forms .xlsx (a film quiz): the time-stamp column has no header
# (named "#1", its position, as the codebook does), and five columns are headed
# «Что это за фильм?» (the k-th named (header, k) for k > 1).
SPECS["ru_forms_films_2018.xlsx"] = {
    "columns": dict(
        [("#1", ("year", "serial")),
         (("Что это за фильм?", 2), ("choice",)), (("Что это за фильм?", 3), ("choice",)),
         (("Что это за фильм?", 4), ("choice",)), (("Что это за фильм?", 5), ("choice",)),
         ("Оцените по 5-балльной шкале своё пристрастие к кинематографу", ("scale",))]
        + [(h, ("choice",)) for h in (
            "Насколько часто вы смотрите фильмы?", "Что это за фильм?",
            "Какой из этих фильмов НЕ снял Уэс Андерсон?",
            "Какой из этих фильмов НЕ снял Стэнли Кубрик?",
            "Какой из этих фильмов НЕ снял Квентин Тарантино?",
            "Какой из этих фильмов НЕ снял Джим Джармуш?",
            "Какой из этих фильмов НЕ сняли братья Коэны?")]),
}

ANALYSED = {"year", "choice", "multi", "number", "scale"}
NOT_ANALYSED = {"text", "personal", "ignore", "id"}
# mentorstat types that publish each kind's figures
TYPES = {
    "year": {"year"},
    "choice": {"choice", "group", "yesno", "wave"},
    "multi": {"multi"},
    "number": {"number", "scale"},
    "scale": {"number", "scale"},
}


def fold(s):
    return " ".join(s.split()).casefold().replace("ё", "е")


def sniff(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        head = f.readline()
    return ";" if head.count(";") > head.count(",") else ","


def col_index(ref):
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n - 1


def read_xlsx(path):
    """The first sheet's cells as text, with the standard library only: shared
    and inline strings as written, numbers as Python prints them (0.0 -> "0"),
    a date-formatted serial as "serial:N" for school_year."""
    import zipfile
    import xml.etree.ElementTree as ET
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    z = zipfile.ZipFile(path)
    strings = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns):
            strings.append("".join(t.text or "" for t in si.iter("{%s}t" % ns["m"])))
    styles = ET.fromstring(z.read("xl/styles.xml"))
    fmts = {int(f.get("numFmtId")): f.get("formatCode") for f in styles.iter("{%s}numFmt" % ns["m"])}
    xfs = [int(x.get("numFmtId", 0)) for x in styles.find("m:cellXfs", ns).findall("m:xf", ns)]

    def is_date(style):
        fid = xfs[style] if style < len(xfs) else 0
        code = fmts.get(fid, "")
        return 14 <= fid <= 22 or ("y" in code and "d" in code)
    rows = []
    sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    for r in sheet.iter("{%s}row" % ns["m"]):
        row = {}
        for c in r.findall("m:c", ns):
            t, v = c.get("t"), c.find("m:v", ns)
            if t == "s":
                text = strings[int(v.text)]
            elif t == "inlineStr":
                text = "".join(x.text or "" for x in c.iter("{%s}t" % ns["m"]))
            elif v is None:
                continue
            elif t in ("str", "b", "e"):
                text = v.text or ""
            elif is_date(int(c.get("s", 0))):
                text = "serial:" + v.text
            else:
                x = float(v.text)
                text = str(int(x)) if x == int(x) else repr(x)
            row[col_index(c.get("r"))] = text
        rows.append([row.get(i, "") for i in range(max(row) + 1)] if row else [])
    return rows


def read(path):
    if path.endswith(".xlsx"):
        rows = read_xlsx(path)
        header = [h.strip() for h in rows[0]]
        body = [r for r in rows[1:] if any(c.strip() for c in r)]
        limit = SPECS[path.rsplit("/", 1)[-1]].get("answers")
        return header, body[:limit] if limit else body
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=sniff(path)))
    header = [h.strip() for h in rows[0]]
    body = [r for r in rows[1:] if any(c.strip() for c in r)]
    return header, body


def school_year(text, fmt):
    if text.startswith("serial:"):  # an Excel date: days since 1899-12-30
        d = datetime.datetime(1899, 12, 30) + datetime.timedelta(days=float(text[7:]))
        return d.year + 1 if d.month >= 9 else d.year
    t = text.strip().replace("ПП", "PM").replace("ДП", "AM")
    t = t.rsplit(" GMT", 1)[0]
    d = datetime.datetime.strptime(t, fmt)
    return d.year + 1 if d.month >= 9 else d.year


def column(header, key):
    """A column's index: "#N" its position, (header, k) the k-th so headed."""
    if isinstance(key, tuple):
        return [i for i, h in enumerate(header) if h == key[0]][key[1] - 1]
    if re.fullmatch(r"#[0-9]+", key):
        return int(key[1:]) - 1
    return header.index(key)


def figures(path):
    name = path.rsplit("/", 1)[-1]
    spec = SPECS[name]
    header, body = read(path)
    out = {}
    for col, kind in spec["columns"].items():
        i = column(header, col)
        cells = [r[i].strip() if i < len(r) else "" for r in body]
        k = kind[0]
        if k == "year":
            counts = {}
            for c in cells:
                if c:
                    y = str(school_year(c, kind[1]))
                    counts[y] = counts.get(y, 0) + 1
            out[col] = (k, counts)
        elif k == "choice":
            listed = {fold(o) for o in kind[1]} if len(kind) > 1 else None
            counts = {}
            for c in cells:
                if c and c not in DONT_KNOW:
                    key = fold(c) if listed is None or fold(c) in listed else fold(kind[2])
                    counts[key] = counts.get(key, 0) + 1
            out[col] = (k, counts)
        elif k == "multi":
            sep, options, other = kind[1], kind[2], kind[3]
            counts = {}
            # parts cut at sep and trimmed, joined by NUL: an option may hold sep
            def norm(text):  # a trailing separator («Стартапер, ») ends no part
                text = text.strip().rstrip(sep.strip()) if sep.strip() else text
                return "\0".join(p.strip() for p in text.split(sep))
            for c in cells:
                seen = set()
                rest = "\0" + norm(c) + "\0"
                # the options as whole parts, longest first
                for o in sorted(options, key=len, reverse=True):
                    i = rest.find("\0" + norm(o) + "\0")
                    if i >= 0:
                        seen.add(fold(o))
                        rest = rest[:i] + "\0" + rest[i + len(norm(o)) + 2:]
                left = rest.split("\0")
                if any(p and p not in DONT_KNOW for p in left):
                    seen.add(fold(other))
                for o in seen:
                    counts[o] = counts.get(o, 0) + 1
            out[col] = (k, counts)
        elif k in ("number", "scale"):
            xs = [float(c.replace(",", ".")) for c in cells if c and c not in DONT_KNOW]
            out[col] = (k, {"n": len(xs), "sum": sum(xs)})
        else:
            out[col] = (k, None)
    return out


def codebook_names(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    out, seen = {}, {}
    for r in rows:  # the k-th row with a source reads the k-th column so headed
        src = r["source"].strip()
        seen[src] = seen.get(src, 0) + 1
        out[src if seen[src] == 1 else (src, seen[src])] = (r["name"], r["type"])
    return out


def pooled(datas):
    """The figures of several files of one questionnaire, added up."""
    out = {}
    for d in datas:
        for col, (kind, fig) in figures(d).items():
            if col not in out:
                out[col] = (kind, fig)
            elif kind in ("number", "scale"):
                out[col] = (kind, {"n": out[col][1]["n"] + fig["n"],
                                   "sum": out[col][1]["sum"] + fig["sum"]})
            elif fig is not None:
                merged = dict(out[col][1])
                for k, v in fig.items():
                    merged[k] = merged.get(k, 0) + v
                out[col] = (kind, merged)
    for col, (kind, fig) in out.items():
        if kind in ("number", "scale"):
            out[col] = (kind, {"n": fig["n"], "mean": fig["sum"] / fig["n"] if fig["n"] else None})
    return out


def compare(datas, analyze_json, codebook):
    mine = pooled(datas)
    data = " + ".join(d.rsplit("/", 1)[-1] for d in datas)
    names = codebook_names(codebook)
    with open(analyze_json, encoding="utf-8") as f:
        res = json.load(f)
    published = {c["name"]: c for c in res["categories"]}
    published.update({c["name"]: c for c in res["items"]})
    right = wrong = equal = differ = 0
    for col, (kind, fig) in mine.items():
        name, typ = names.get(col, (None, None))
        analysed = kind in ANALYSED
        ok_type = typ in TYPES[kind] if analysed else typ not in set().union(*TYPES.values())
        right += ok_type
        wrong += not ok_type
        if not ok_type:
            print("  type  %-40.40s mine %-8s drafted %s" % (str(col), kind, typ))
        if not analysed:
            if name in published:
                print("  PUBLISHED a column that is not analysed: %s" % col)
                differ += 1
            continue
        got = published.get(name)
        if got is None:
            print("  MISSING %s (%s)" % (col, name))
            differ += 1
            continue
        if kind in ("number", "scale"):
            same = got["n"] == fig["n"] and abs(got["mean"] - fig["mean"]) <= 1e-9 * max(
                1.0, abs(fig["mean"]))
            theirs = {"n": got["n"], "mean": got["mean"]}
        else:
            # a level nobody chose is listed with 0: the same as not listed
            theirs = {fold(k): v for k, v in got["counts"].items() if v}
            same = theirs == fig
        equal += same
        differ += not same
        if not same:
            print("  DIFFERS %s\n    raw:       %s\n    published: %s" % (col, fig, theirs))
    if len(datas) > 1 and os.environ.get("REAL_YEARS") == "1":
        # the years of the files, from their names (2023, 2025): a year variable
        # whose counts are the files' rows
        want = {}
        for d in datas:
            y = re.search(r"(19|20)\d\d", d.rsplit("/", 1)[-1]).group(0)
            want[y] = want.get(y, 0) + len(read(d)[1])
        years = [c for c in res["categories"] if c["name"] == "year"]
        got = {k: v for k, v in years[0]["counts"].items() if v} if years else None
        if got == want:
            equal += 1
        else:
            differ += 1
            print("  DIFFERS years of the files\n    names:     %s\n    published: %s" % (want, got))
    print("%s: columns %d, typed right %d, wrong %d; figures equal %d, differing %d" % (
        data, len(mine), right, wrong, equal, differ))
    return differ == 0


def main(argv):
    if len(argv) == 2:
        for col, (kind, fig) in pooled(argv[1:]).items():
            print("%s\t%s\t%s" % (col, kind, json.dumps(fig, ensure_ascii=False)))
        return 0
    if len(argv) < 4 or not argv[-2].endswith(".json"):
        print(__doc__, file=sys.stderr)
        return 2
    return 0 if compare(argv[1:-2], argv[-2], argv[-1]) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
