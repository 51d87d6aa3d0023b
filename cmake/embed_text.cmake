# Writes INPUT as a C++ string constant NAME (namespace ecomflow) into OUTPUT.
#   cmake -DINPUT=file -DOUTPUT=file.cpp -DNAME=kName -P embed_text.cmake
file(READ "${INPUT}" text)
set(delimiter "ecomflow_text")
string(FIND "${text}" ")${delimiter}\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter )${delimiter}\"")
endif()
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${INPUT} by cmake/embed_text.cmake.\n"
  "namespace ecomflow {\n"
  "extern const char* const ${NAME};\n"
  "const char* const ${NAME} = R\"${delimiter}(${text})${delimiter}\";\n"
  "}  // namespace ecomflow\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
