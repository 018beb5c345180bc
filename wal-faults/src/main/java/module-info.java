/** jwal's crash model: the fault plans and what survives a crash. No dependencies. */
module io.github.jwal.faults {
  exports io.github.jwal.faults;
}
