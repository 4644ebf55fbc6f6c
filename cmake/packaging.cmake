# SPDX-License-Identifier: GPL-3.0-or-later
# Installation of the manual pages, the configuration file and the
# request-key file, and the source tarball that rpm/cifs-family.spec and
# debian/ build from.
# Included at the end of the top-level CMakeLists.txt.

include(GNUInstallDirs)

# Manual pages; mount.smb3.8 is a symbolic link to mount.cifs.8, like the
# helper itself (dh_compress and brp-compress keep such links pointing at
# the compressed page).
install(FILES ${PROJECT_SOURCE_DIR}/man/mount.cifs.8
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man8)
install(CODE "execute_process(COMMAND \${CMAKE_COMMAND} -E create_symlink mount.cifs.8
              \$ENV{DESTDIR}${CMAKE_INSTALL_FULL_MANDIR}/man8/mount.smb3.8)")
install(FILES ${PROJECT_SOURCE_DIR}/man/cifs-family.conf.5
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man5)
install(FILES ${PROJECT_SOURCE_DIR}/man/cifs-family-resolve.8
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man8)

# /etc/cifs-family.conf: the path is compiled into the helper
# (resolver/config.h), so it goes to /etc whatever the prefix, like
# the helper goes to /sbin. Every setting in it is commented out. An
# existing file is the admin's and is never overwritten by `ninja install`;
# package builds install into an empty DESTDIR and always get it (RPM marks
# it %config(noreplace), dpkg treats it as a conffile).
set(CIFS_FAMILY_CONFIG_SOURCE ${PROJECT_SOURCE_DIR}/packaging/cifs-family.conf)
install(CODE "
  if(EXISTS \"\$ENV{DESTDIR}/etc/cifs-family.conf\")
    message(STATUS \"Keeping existing: \$ENV{DESTDIR}/etc/cifs-family.conf\")
  else()
    file(INSTALL \"${CIFS_FAMILY_CONFIG_SOURCE}\" DESTINATION \"/etc\"
         PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
  endif()")

# /etc/request-key.d/dns_resolver.conf: makes request-key(8) run
# /usr/sbin/cifs-family-resolve for the kernel's dns_resolver requests
# (keyutils 1.5 reads <type>.conf instead of request-key.conf, keyutils 1.6
# prefers it to request-key.conf's equal line). Always under /etc, like
# the config file, and never over an existing file: a dns_resolver.conf
# already there is the admin's or another package's handler, and replacing
# it would change who answers every dns_resolver request (NFS, Ceph, AFS
# too). Package builds install into an empty DESTDIR and always get it.
set(CIFS_FAMILY_REQUEST_KEY_SOURCE
    ${PROJECT_SOURCE_DIR}/packaging/request-key.d/dns_resolver.conf)
install(CODE "
  if(EXISTS \"\$ENV{DESTDIR}/etc/request-key.d/dns_resolver.conf\")
    message(STATUS \"Keeping existing: \$ENV{DESTDIR}/etc/request-key.d/dns_resolver.conf\")
  else()
    file(INSTALL \"${CIFS_FAMILY_REQUEST_KEY_SOURCE}\" DESTINATION \"/etc/request-key.d\"
         PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
  endif()")

# `ninja dist` (or `cmake --build BUILD --target dist`):
# BUILD/cifs-family-VERSION.tar.gz with top directory cifs-family-VERSION/.
# The work tree's files as git sees them (see packaging/make-dist.sh), so
# it works before a commit too and never picks up build trees.
add_custom_target(dist
  COMMAND sh ${PROJECT_SOURCE_DIR}/packaging/make-dist.sh
          ${PROJECT_SOURCE_DIR} ${CMAKE_BINARY_DIR} cifs-family ${PROJECT_VERSION}
  COMMENT "Source tarball cifs-family-${PROJECT_VERSION}.tar.gz"
  VERBATIM)
