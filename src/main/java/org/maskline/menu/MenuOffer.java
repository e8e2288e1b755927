package org.maskline.menu;

import java.util.Optional;
import org.maskline.sessions.Route;

/**
 * What the menu offers one call.
 *
 * @param kind     why the call is in the menu
 * @param route    the session's route from the caller to the other party; null for {@link Kind#OPERATOR_ONLY}
 * @param operator whether an operator is configured (key 2)
 */
public record MenuOffer(Kind kind, Route route, boolean operator) {
    public enum Kind {
        /** The session has ended but its recontact window is open: 1 reaches the other party again. */
        RECONTACT,
        /** The other party is unavailable (in a session or in the window): 1 books a callback. */
        UNAVAILABLE,
        /** No session to offer (MASKLINE_UNROUTABLE=menu, or an ambiguous contact-centre call): only the operator. */
        OPERATOR_ONLY
    }

    public MenuOffer {
        if ((kind == Kind.OPERATOR_ONLY) != (route == null)) {
            throw new IllegalArgumentException("a " + kind + " offer " + (route == null ? "needs" : "takes no") + " route");
        }
    }

    /** The choice a key makes, if it makes one. */
    public Optional<MenuChoice> choiceFor(String digit) {
        return switch (digit) {
            case "1" -> switch (kind) {
                case RECONTACT -> Optional.of(MenuChoice.OTHER_PARTY);
                case UNAVAILABLE -> Optional.of(MenuChoice.CALLBACK);
                case OPERATOR_ONLY -> Optional.empty();
            };
            case "2" -> operator ? Optional.of(MenuChoice.OPERATOR) : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** The prompt that says what this offer's keys do. */
    public Prompt prompt() {
        return switch (kind) {
            case RECONTACT -> operator ? Prompt.MENU_RECONTACT : Prompt.MENU_RECONTACT_NO_OPERATOR;
            case UNAVAILABLE -> operator ? Prompt.MENU_UNAVAILABLE : Prompt.MENU_UNAVAILABLE_NO_OPERATOR;
            case OPERATOR_ONLY -> Prompt.MENU_OPERATOR;
        };
    }
}
