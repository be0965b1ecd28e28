package dev.fleetway.lint;

import java.util.List;

import dev.fleetway.sql.SqlToken;

/**
 * A statement's tokens (comments excluded) with the look-ahead the readers need. Positions past the end are
 * allowed everywhere and simply match nothing.
 *
 * @param list the tokens, in order
 */
record Tokens(List<SqlToken> list) {

    SqlToken get(int i) {
        return list.get(i);
    }

    int size() {
        return list.size();
    }

    /** True when the words from position {@code from} on are {@code keywords}, ignoring case. */
    boolean wordsAt(int from, String... keywords) {
        if (from < 0 || list.size() - from < keywords.length) {
            return false;
        }
        for (int i = 0; i < keywords.length; i++) {
            if (!list.get(from + i).isWord(keywords[i])) {
                return false;
            }
        }
        return true;
    }

    /** True when the statement starts with {@code keywords}. */
    boolean startsWith(String... keywords) {
        return wordsAt(0, keywords);
    }

    /** {@code i + 1} when token {@code i} is the word or symbol {@code word}, else {@code i}. */
    int skip(int i, String word) {
        return i < list.size() && (list.get(i).isWord(word) || list.get(i).is(word)) ? i + 1 : i;
    }

    /** Position just past the (possibly schema-qualified) name starting at {@code i}; {@code i} when none does. */
    int nameEnd(int i) {
        int j = i;
        while (j < list.size() && list.get(j).isName()) {
            j++;
            if (j + 1 < list.size() && list.get(j).is(".")) {
                j++;
            } else {
                break;
            }
        }
        return j;
    }

    /** The name starting at {@code i} as written, e.g. {@code public."Users"}; null when none does. */
    String name(int i) {
        int end = nameEnd(i);
        return end == i ? null : String.join("", list.subList(i, end).stream().map(SqlToken::text).toList());
    }
}
