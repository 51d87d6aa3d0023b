// Compiled into a stage library that has no sources of its own yet, so that
// every stage target exists from the start and the link graph stays fixed.
namespace ecomflow {}
