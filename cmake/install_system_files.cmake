# Run at install time (cmake_install.cmake): writes the systemd units for the
# prefix being installed to, and the settings files the units read, unless
# they already exist (an installed configuration is never overwritten).
#
# Prefix /usr, the Debian package: units in /lib/systemd/system, settings in
# /etc/ecomflow. Any other prefix (/usr/local by default) keeps both under it:
# PREFIX/lib/systemd/system (systemd reads /usr/local/lib/systemd/system) and
# PREFIX/etc/ecomflow.
# zsh looks in /usr/share/zsh/vendor-completions for packages and in
# /usr/local/share/zsh/site-functions for local installs.
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  set(unit_dir /lib/systemd/system)
  set(SYSCONFDIR /etc)
  set(zsh_dir ${CMAKE_INSTALL_PREFIX}/share/zsh/vendor-completions)
else()
  set(unit_dir ${CMAKE_INSTALL_PREFIX}/lib/systemd/system)
  set(SYSCONFDIR ${CMAKE_INSTALL_PREFIX}/etc)
  set(zsh_dir ${CMAKE_INSTALL_PREFIX}/share/zsh/site-functions)
endif()
set(BINDIR ${CMAKE_INSTALL_PREFIX}/bin)
set(DOCDIR ${CMAKE_INSTALL_PREFIX}/share/doc/ecomflow)

file(INSTALL ${ECOMFLOW_DIST_DIR}/_ecomflow DESTINATION ${zsh_dir}
     FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)

# A directory of its own: installs to two prefixes may run at the same time.
string(RANDOM LENGTH 12 install_id)
set(staging ${ECOMFLOW_DIST_DIR}/units-${install_id})
set(units ecomflow-run.service ecomflow-run.timer ecomflow-stream.service ecomflow-serve.service)
set(unit_files "")
foreach(unit IN LISTS units)
  configure_file(${ECOMFLOW_SOURCE_DIR}/packaging/systemd/${unit}.in ${staging}/${unit} @ONLY)
  list(APPEND unit_files ${staging}/${unit})
endforeach()
file(INSTALL ${unit_files} DESTINATION ${unit_dir}
     FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
file(REMOVE_RECURSE ${staging})

# ecomflow.toml is read by the service user; env is read by systemd itself
# and may hold passwords, so only root reads it.
if(NOT EXISTS "$ENV{DESTDIR}${SYSCONFDIR}/ecomflow/ecomflow.toml")
  file(INSTALL ${ECOMFLOW_DIST_DIR}/init/ecomflow.toml DESTINATION ${SYSCONFDIR}/ecomflow
       FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
endif()
if(NOT EXISTS "$ENV{DESTDIR}${SYSCONFDIR}/ecomflow/env")
  file(INSTALL ${ECOMFLOW_DIST_DIR}/init/.env.example DESTINATION ${SYSCONFDIR}/ecomflow RENAME env
       FILE_PERMISSIONS OWNER_READ OWNER_WRITE)
endif()
