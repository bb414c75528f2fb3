# Run one golden scenario and compare; see CMakeLists.txt beside this.
# STRATEGY, if set, overrides the scenario's own; KERNEL runs it on the
# built-in uvm_pglist.c instead (uvmlab run --kernel).
set(args run)
if(DEFINED STRATEGY)
  list(APPEND args --strategy ${STRATEGY})
endif()
if(DEFINED KERNEL)
  list(APPEND args --kernel)
endif()
execute_process(COMMAND ${UVMLAB} ${args} ${NAME}.scn
                WORKING_DIRECTORY ${DIR}
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(rc EQUAL 4)
  message(FATAL_ERROR "${err}") # not comparable: the test is marked skipped
endif()
file(READ ${DIR}/${NAME}.out want_out)
set(want_rc 0)
if(EXISTS ${DIR}/${NAME}.rc)
  file(STRINGS ${DIR}/${NAME}.rc want_rc)
endif()
if(NOT out STREQUAL want_out)
  message(FATAL_ERROR "${NAME}: stdout differs\n--- got\n${out}--- want\n${want_out}--- stderr\n${err}")
endif()
if(NOT rc STREQUAL want_rc)
  message(FATAL_ERROR "${NAME}: exit status ${rc}, want ${want_rc}\n${err}")
endif()
if(EXISTS ${DIR}/${NAME}.err)
  file(READ ${DIR}/${NAME}.err want_err)
  if(NOT err STREQUAL want_err)
    message(FATAL_ERROR "${NAME}: stderr differs\n--- got\n${err}--- want\n${want_err}")
  endif()
endif()
