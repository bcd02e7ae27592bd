/**
 * JMH microbenchmarks of inferd's request path in one JVM, without HTTP: reading a call, planning
 * and running it, encoding the answer. They show where the time of the end-to-end numbers in
 * bench/README.md goes; bench/README.md says how to run them.
 */
package dev.inferd.bench.micro;
