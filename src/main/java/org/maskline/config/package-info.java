/**
 * Configuration: environment variables over an optional properties file, validated once at start-up with one clear line per bad key.
 */
package org.maskline.config;
