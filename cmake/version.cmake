# The version, from project(VERSION) only: a generated public header that the
# tool (--version), the report (its footer) and summaries (their written_by
# record) all read.  A new version changes every summary written, so the
# committed ones are made again: sh surveys/municipal/make-summaries.sh build
configure_file(${CMAKE_SOURCE_DIR}/include/mentorstat/version.h.in
               ${CMAKE_BINARY_DIR}/include/mentorstat/version.h @ONLY)

# Where `mentorstat report` without a programme looks for the bundled
# example (src/report/datadir.c): beside the executable as installed (relocatable:
# any --prefix, a package unpacked anywhere), the configured data directory,
# and for the binary in this build tree the source tree.
file(RELATIVE_PATH MS_BIN_TO_DATA ${CMAKE_INSTALL_FULL_BINDIR}
     ${CMAKE_INSTALL_FULL_DATADIR}/mentorstat)
# (src/CMakeLists.txt puts them on the file: source properties are per directory)
set(MS_DATADIR_DEFINITIONS
  "MS_DATADIR=\"${CMAKE_INSTALL_FULL_DATADIR}/mentorstat\";MS_BIN_TO_DATA=\"${MS_BIN_TO_DATA}\";MS_BUILD_DIR=\"${CMAKE_BINARY_DIR}\";MS_SOURCE_DIR=\"${CMAKE_SOURCE_DIR}\"")
