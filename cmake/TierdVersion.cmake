# The version the binaries report: the project's version, and the git commit it was built
# from when the sources are a git checkout (a release tarball has none; -DTIERD_GIT_COMMIT=
# sets it by hand). Each new commit re-runs the configuration, so the commit stays right.
find_package(Git QUIET)
if(NOT DEFINED TIERD_GIT_COMMIT AND GIT_FOUND AND EXISTS ${CMAKE_SOURCE_DIR}/.git)
    execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --short=12 HEAD
                    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
                    OUTPUT_VARIABLE git_commit OUTPUT_STRIP_TRAILING_WHITESPACE
                    RESULT_VARIABLE git_result ERROR_QUIET)
    if(git_result EQUAL 0)
        set(commit_of_build ${git_commit})
        foreach(ref HEAD logs/HEAD)
            execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --git-path ${ref}
                            WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
                            OUTPUT_VARIABLE ref_path OUTPUT_STRIP_TRAILING_WHITESPACE
                            ERROR_QUIET)
            if(NOT IS_ABSOLUTE "${ref_path}")
                set(ref_path ${CMAKE_SOURCE_DIR}/${ref_path})
            endif()
            if(EXISTS "${ref_path}")
                set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${ref_path})
            endif()
        endforeach()
    endif()
elseif(DEFINED TIERD_GIT_COMMIT)
    set(commit_of_build ${TIERD_GIT_COMMIT})
endif()
set(TIERD_GIT_COMMIT "${commit_of_build}")
configure_file(${CMAKE_SOURCE_DIR}/cmake/version.hpp.in
               ${CMAKE_BINARY_DIR}/generated/tierd_version.hpp @ONLY)
