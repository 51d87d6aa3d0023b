# Installation (`make install`, PREFIX and DESTDIR) and the Debian package
# (`make package`, CPack). The man page, the shell completion and the
# default settings are written by the built binary itself, so they always
# match its command line.

include(GNUInstallDirs)

# ecomflow.toml.example is compiled in: `ecomflow init` writes its checks.
set(ecomflow_example_config ${CMAKE_BINARY_DIR}/generated/example_config.cpp)
add_custom_command(
  OUTPUT ${ecomflow_example_config}
  COMMAND ${CMAKE_COMMAND} -DINPUT=${PROJECT_SOURCE_DIR}/ecomflow.toml.example -DOUTPUT=${ecomflow_example_config}
          -DNAME=kExampleConfig -P ${PROJECT_SOURCE_DIR}/cmake/embed_text.cmake
  DEPENDS ${PROJECT_SOURCE_DIR}/ecomflow.toml.example ${PROJECT_SOURCE_DIR}/cmake/embed_text.cmake
  COMMENT "Embedding ecomflow.toml.example")
target_sources(ecomflow PRIVATE ${ecomflow_example_config})

set(ECOMFLOW_DIST_DIR ${CMAKE_BINARY_DIR}/dist)
set(ecomflow_dist_files ${ECOMFLOW_DIST_DIR}/ecomflow.1.gz ${ECOMFLOW_DIST_DIR}/ecomflow.bash
                        ${ECOMFLOW_DIST_DIR}/_ecomflow ${ECOMFLOW_DIST_DIR}/init/ecomflow.toml
                        ${ECOMFLOW_DIST_DIR}/init/.env.example)
add_custom_command(
  OUTPUT ${ecomflow_dist_files}
  COMMAND ${CMAKE_COMMAND} -DBINARY=$<TARGET_FILE:ecomflow> -DOUT=${ECOMFLOW_DIST_DIR}
          -P ${PROJECT_SOURCE_DIR}/cmake/generate_dist.cmake
  DEPENDS ecomflow ${PROJECT_SOURCE_DIR}/cmake/generate_dist.cmake
  COMMENT "Writing the man page, shell completion and default settings")
add_custom_target(ecomflow_dist ALL DEPENDS ${ecomflow_dist_files})

set(ECOMFLOW_PACKAGE_MAINTAINER "ecomflow maintainers <maintainers@ecomflow.example>"
    CACHE STRING "Maintainer field of the Debian package")
configure_file(${PROJECT_SOURCE_DIR}/packaging/debian/changelog.in ${ECOMFLOW_DIST_DIR}/changelog @ONLY)
execute_process(COMMAND gzip -9nf -k ${ECOMFLOW_DIST_DIR}/changelog)

install(TARGETS ecomflow RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${ECOMFLOW_DIST_DIR}/ecomflow.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${ECOMFLOW_DIST_DIR}/ecomflow.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME ecomflow)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/packaging/debian/copyright
              ${ECOMFLOW_DIST_DIR}/changelog.gz
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR} FILES_MATCHING PATTERN "*.md")
install(FILES ${PROJECT_SOURCE_DIR}/ecomflow.toml.example DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
# The units, /etc/ecomflow and the zsh completion's folder depend on the
# prefix chosen at install time
# (`cmake --install --prefix`, CPack's /usr), so they are written then.
install(CODE "set(ECOMFLOW_SOURCE_DIR \"${PROJECT_SOURCE_DIR}\")
set(ECOMFLOW_DIST_DIR \"${ECOMFLOW_DIST_DIR}\")
include(\"${PROJECT_SOURCE_DIR}/cmake/install_system_files.cmake\")")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ecomflow)
set(CPACK_PACKAGE_VENDOR "ecomflow")
set(CPACK_PACKAGE_CONTACT "${ECOMFLOW_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "analytics pipeline for an online shop's events")
# The summary is the synopsis line; this is the extended description.
set(CPACK_PACKAGE_DESCRIPTION "One native binary that generates shop traffic, ingests event archives,
validates and quarantines records, enriches them with the catalog held in
SQLite or PostgreSQL, and writes reports, charts and a star-schema
warehouse. Includes systemd units for a daily run, the stream consumer and
the HTTP server.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Library dependencies come from dpkg-shlibdeps on the binary; adduser is
# for postinst, which creates the units' system user.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/debian/postinst ${PROJECT_SOURCE_DIR}/packaging/debian/postrm
    ${PROJECT_SOURCE_DIR}/packaging/debian/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
include(CPack)
