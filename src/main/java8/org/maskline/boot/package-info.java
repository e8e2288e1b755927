/**
 * The jar's entry point, compiled for Java 8 (src/main/java8): checks the Java version, then starts
 * {@code org.maskline.Main}. Nothing else belongs here.
 */
package org.maskline.boot;
