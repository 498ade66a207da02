# The Debian package (tools/package.sh builds it): binaries in /usr/bin, SQL and plugins in
# /usr/share/tierd, the example config and policy in /etc/tierd (conffiles), the systemd
# unit, man pages rendered from --help, and maintainer scripts that add the `tierd` user.
set(TIERD_PACKAGING_DIR ${CMAKE_SOURCE_DIR}/packaging)

install(FILES ${TIERD_PACKAGING_DIR}/tierd.conf DESTINATION /etc/tierd)
install(FILES ${CMAKE_SOURCE_DIR}/config/policies/value_tiers.yaml DESTINATION /etc/tierd
        RENAME policy.yaml)
install(FILES ${TIERD_PACKAGING_DIR}/tierd.service DESTINATION /lib/systemd/system)
install(FILES ${TIERD_PACKAGING_DIR}/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR})
# Each override says why, above it (lintian shows the comment with the tag).
install(FILES ${TIERD_PACKAGING_DIR}/lintian-overrides DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides
        RENAME tierd)
install(FILES ${CMAKE_SOURCE_DIR}/config/policies/value_tiers.yaml
              ${CMAKE_SOURCE_DIR}/config/policies/credit_grades.yaml
              ${CMAKE_SOURCE_DIR}/config/policies/dormancy.yaml
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
if(EXISTS ${CMAKE_SOURCE_DIR}/docs/operator.md)
    install(FILES ${CMAKE_SOURCE_DIR}/docs/operator.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
endif()

# Man pages from the programs' own --help, so they cannot drift from them; and the
# package's changelog, compressed as Debian wants it.
find_program(HELP2MAN help2man)
find_program(GZIP gzip)
if(HELP2MAN AND GZIP)
    set(man_dir ${CMAKE_BINARY_DIR}/man)
    add_custom_command(
        OUTPUT ${man_dir}/tierd.8.gz
        COMMAND ${CMAKE_COMMAND} -E make_directory ${man_dir}
        COMMAND ${HELP2MAN} --no-info --section=8 --source=tierd
                --name=keeps\ ERP\ customers\ in\ the\ right\ tier
                --include=${TIERD_PACKAGING_DIR}/tierd.h2m --output=${man_dir}/tierd.8
                $<TARGET_FILE:tierd>
        COMMAND ${GZIP} -9nf ${man_dir}/tierd.8
        DEPENDS tierd ${TIERD_PACKAGING_DIR}/tierd.h2m VERBATIM)
    add_custom_command(
        OUTPUT ${man_dir}/tierctl.1.gz
        COMMAND ${CMAKE_COMMAND} -E make_directory ${man_dir}
        COMMAND ${HELP2MAN} --no-info --section=1 --source=tierd
                --name=tierd's\ tool\ for\ people:\ install,\ policy,\ audit,\ customers
                --include=${TIERD_PACKAGING_DIR}/tierctl.h2m --output=${man_dir}/tierctl.1
                $<TARGET_FILE:tierctl>
        COMMAND ${GZIP} -9nf ${man_dir}/tierctl.1
        DEPENDS tierctl ${TIERD_PACKAGING_DIR}/tierctl.h2m VERBATIM)
    add_custom_command(
        OUTPUT ${man_dir}/changelog.gz
        COMMAND ${GZIP} -9nc ${TIERD_PACKAGING_DIR}/changelog > ${man_dir}/changelog.gz
        DEPENDS ${TIERD_PACKAGING_DIR}/changelog)
    add_custom_target(man_pages ALL DEPENDS ${man_dir}/tierd.8.gz ${man_dir}/tierctl.1.gz
                                            ${man_dir}/changelog.gz)
    install(FILES ${man_dir}/changelog.gz DESTINATION ${CMAKE_INSTALL_DOCDIR})
    install(FILES ${man_dir}/tierd.8.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man8)
    install(FILES ${man_dir}/tierctl.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
    message(STATUS "help2man not found: no man pages (tools/install-deps.sh installs it)")
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME tierd)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "tierd maintainers <tierd@example.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "keeps ERP customers in the right tier automatically")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "tierd plugs into an ERP's PostgreSQL database (Tryton 6.0) and keeps each
customer's classification (tier, credit limit, terms) right from the invoices
and payments, under YAML rules written by the finance lead, with a
hash-chained audit log. This package holds the daemon tierd, the tool tierctl,
the SQL of the tierd schema and the ERP plugins, and a systemd unit.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, init-system-helpers (>= 1.54~)")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "postgresql-client")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${TIERD_PACKAGING_DIR}/debian/conffiles ${TIERD_PACKAGING_DIR}/debian/postinst
    ${TIERD_PACKAGING_DIR}/debian/prerm ${TIERD_PACKAGING_DIR}/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_WARN_ON_ABSOLUTE_INSTALL_DESTINATION OFF)
include(CPack)
