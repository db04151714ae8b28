package marketplace.esanalysis;

import java.util.List;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.en.EnglishAnalyzer;

final class Shim {
    private Shim() {}

    /** Elasticsearch's stopwords setting: absent/"_english_" = default, "_none_" = empty, else the list. */
    static CharArraySet stopwords(List<String> words, CharArraySet dflt) {
        if (words == null || words.isEmpty()) {
            return dflt;
        }
        if (words.size() == 1 && "_none_".equals(words.get(0))) {
            return CharArraySet.EMPTY_SET;
        }
        if (words.size() == 1 && "_english_".equals(words.get(0))) {
            return EnglishAnalyzer.ENGLISH_STOP_WORDS_SET;
        }
        return CharArraySet.unmodifiableSet(new CharArraySet(words, true));
    }
}
