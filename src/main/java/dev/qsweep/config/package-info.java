/**
 * Typed settings: every setting declared once with its name, type, default, doc and valid range; presets in HOCON;
 * validation with messages that name the setting, the allowed values and the nearest valid name.
 * Pure core: JDK and Typesafe Config only.
 */
package dev.qsweep.config;
