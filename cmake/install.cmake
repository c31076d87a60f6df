# `cmake --install build [--prefix P]` and `cpack -G DEB` (from the build
# directory).  Installed: the program, its manual page, the user documents
# (README.md and docs/, whatever docs/ holds at install time) and the bundled
# examples under share/mentorstat/.  Not installed: the library and its
# headers (README, "Install", says why).

# The manual page with the version put in, then compressed as Debian wants
# (gzip -9n: no name or date inside, so the package is reproducible).
set(MS_MANPAGE ${CMAKE_BINARY_DIR}/mentorstat.1)
configure_file(${CMAKE_SOURCE_DIR}/man/mentorstat.1 ${MS_MANPAGE} @ONLY)
add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/mentorstat.1.gz
  COMMAND gzip -9n -c ${MS_MANPAGE} > ${CMAKE_BINARY_DIR}/mentorstat.1.gz
  DEPENDS ${MS_MANPAGE} VERBATIM)
add_custom_target(manpage ALL DEPENDS ${CMAKE_BINARY_DIR}/mentorstat.1.gz)

install(TARGETS mentorstat RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${CMAKE_BINARY_DIR}/mentorstat.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${CMAKE_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/docs DESTINATION ${CMAKE_INSTALL_DOCDIR} OPTIONAL)
# The examples without what only makes them (the generator, the script).
install(DIRECTORY ${CMAKE_SOURCE_DIR}/surveys/example ${CMAKE_SOURCE_DIR}/surveys/municipal
  DESTINATION ${CMAKE_INSTALL_DATADIR}/mentorstat
  PATTERN generate.c EXCLUDE PATTERN *.sh EXCLUDE)

# ---------- the Debian package ----------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME mentorstat)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_CONTACT "mentorstat maintainers <maintainers@users.noreply.b-seed-387db2fc.example>")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION math)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends from the libraries the binary links (libgsl27, libgslcblas0, libcsv3,
# libglpk40, libinih1, libxlsxwriter4, libc6, with their versions), found by
# dpkg-shlibdeps.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# gnuplot draws the charts of `report` only; check, analyze, summarize and
# merge work without it, so a server that only merges summaries can leave it
# out (apt-get --no-install-recommends).  gnuplot-nox: no X11 or Qt.
# pandoc writes the report's spravka.docx; without it the rest is written.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "gnuplot-nox | gnuplot, pandoc")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "reports on the questionnaires of a school mentoring programme")
# The control file has one Description: after the summary line (above) the
# English text, then the Russian.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "mentorstat turns the questionnaires of a school mentoring programme (exports
of online forms as CSV in UTF-8 or Windows-1251, or .xlsx workbooks) into the
report its round table discusses: descriptive statistics, reliability of the
instruments, comparisons between forms of mentoring and years, growth from
entry to exit, best practices, a self-contained HTML page with gnuplot charts,
and beside it an Excel workbook of the tables, an editable Word note (with
pandoc), slides and a summary for the web site. `mentorstat init` drafts the
codebooks from raw exports; `mentorstat match` forms mentoring pairs and
groups from the two banks (an internal document). Identifiers, names and pair
codes never appear in any published output; schools can send exact summaries
(.msum) instead of their answers.
.
mentorstat превращает анкеты программы наставничества в школе (выгрузки
онлайн-форм в CSV, UTF-8 или Windows-1251, или книги .xlsx) в отчёт для
круглого стола: описательная статистика, надёжность анкет, сравнение форм
наставничества и лет, рост от входа к выходу, лучшие практики,
самодостаточная HTML-страница с диаграммами gnuplot, а рядом — книга Excel с
таблицами, аналитическая справка в Word (через pandoc), слайды и краткая
страница для сайта. `mentorstat init` готовит кодовые книги по выгрузкам,
`mentorstat match` формирует наставнические пары и группы из двух банков
(внутренний документ). Коды участников, имена и коды пар не попадают ни в
один публикуемый результат; школы могут присылать точные сводки (.msum)
вместо ответов.")
include(CPack)
