/**
 * Callbacks: durable requests to call a requester back and connect them to a participant who was not
 * available ({@link org.maskline.callbacks.CallbackStore}, implemented by the store), and the
 * {@link org.maskline.callbacks.CallbackDialer} that places them, once the target is available, on the
 * active instance only. The call itself is placed by the call flow; this package decides when and
 * keeps the count.
 */
package org.maskline.callbacks;
