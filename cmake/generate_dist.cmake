# Runs the built binary to write what is installed beside it: the man page
# (gzipped), the bash and zsh completion, and the configuration files of the
# systemd units (`ecomflow init` at its defaults).
#   cmake -DBINARY=path/to/ecomflow -DOUT=dir -P generate_dist.cmake
file(MAKE_DIRECTORY "${OUT}/init")
# A clean environment: the outputs hold defaults, never the builder's
# settings; a sanitizer build reports leaks in its tests, not here.
set(run ${CMAKE_COMMAND} -E env --unset=ECOMFLOW_CONFIG ASAN_OPTIONS=detect_leaks=0 "${BINARY}")
function(generate output)
  execute_process(COMMAND ${run} ${ARGN} OUTPUT_FILE "${OUT}/${output}.tmp" WORKING_DIRECTORY "${OUT}"
                  RESULT_VARIABLE status ERROR_VARIABLE errors)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "ecomflow ${ARGN} failed (${status}): ${errors}")
  endif()
  file(RENAME "${OUT}/${output}.tmp" "${OUT}/${output}")
endfunction()
generate(ecomflow.1 man)
generate(ecomflow.bash completion bash)
generate(_ecomflow completion zsh)
generate(init.log init --force init)
execute_process(COMMAND gzip -9nf "${OUT}/ecomflow.1" -c OUTPUT_FILE "${OUT}/ecomflow.1.gz" RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "gzip ecomflow.1 failed")
endif()
