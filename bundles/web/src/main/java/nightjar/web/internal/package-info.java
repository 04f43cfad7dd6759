/** The web UI: static pages served from this bundle and the JSON API behind them. */
@NullMarked
package nightjar.web.internal;

import org.jspecify.annotations.NullMarked;
