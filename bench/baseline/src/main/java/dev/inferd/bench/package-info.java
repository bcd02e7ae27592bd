/**
 * The yardstick for bench/run.sh: a server that does only what inferd's protocol needs for one
 * doubling function, so inferd's overhead can be read as a ratio to it on the same machine.
 */
package dev.inferd.bench;
