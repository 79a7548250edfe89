# Desktop integration and the Debian package: included once from the top-level CMakeLists.txt.
include(GNUInstallDirs)

if(ICP_BUILD_UI)
    install(FILES ${CMAKE_CURRENT_LIST_DIR}/icp-console.desktop
            DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
    install(FILES ${CMAKE_CURRENT_LIST_DIR}/icons/icp-console.svg
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
    foreach(size 16 32 64 128 256)
        install(FILES ${CMAKE_CURRENT_LIST_DIR}/icons/icp-console-${size}.png
                DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps
                RENAME icp-console.png)
    endforeach()
endif()
if(TARGET icp-sim)
    install(TARGETS icp-sim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

set(CPACK_PACKAGE_NAME "icp-sync-console")
set(CPACK_PACKAGE_VENDOR "ICP Sync Console")
set(CPACK_PACKAGE_CONTACT "ICP Sync Console maintainers <maintainers@icp-sync-console.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "icp-sync-console")
set(CPACK_GENERATOR "DEB")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "net")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON) # Qt, QtKeychain and SQLite driver dependencies from the binaries
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Operator console for conflict-aware WFM to Genesys Cloud ICP capacity sync.\n BYOC trunk registration and agent capacity per region, pause/resume/resync during\n a peak, a conflict inspector, and a background sync engine that batches\n ICP updates without losing changes.")
include(CPack)
