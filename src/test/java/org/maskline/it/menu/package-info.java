/** Issue 14 against the real sandbox: the voice menu, the operator, availability and callbacks. */
package org.maskline.it.menu;
