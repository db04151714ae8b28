package marketplace.esanalysis;

import java.util.Set;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;
import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.StringSetting;

/** "stemmer" token filter, English variants only ("language" or "name" setting). */
@NamedComponent("stemmer")
public class StemmerFilterFactory implements TokenFilterFactory {
    @AnalysisSettings
    public interface Settings {
        @StringSetting(path = "language", defaultValue = "")
        String language();

        @StringSetting(path = "name", defaultValue = "")
        String name();
    }

    private static final Set<String> SUPPORTED =
        Set.of("english", "porter", "light_english", "kstem", "minimal_english", "possessive_english");

    private final String language;

    @Inject
    public StemmerFilterFactory(Settings settings) {
        String l = !settings.language().isEmpty() ? settings.language() : settings.name();
        this.language = l.isEmpty() ? "english" : l;
        if (!SUPPORTED.contains(language)) {
            throw new IllegalArgumentException(
                "stemmer language [" + language + "] is not supported by the test shim; supported: " + SUPPORTED);
        }
    }

    @Override
    public TokenStream create(TokenStream in) {
        return switch (language) {
            case "light_english", "kstem" -> new KStemFilter(in);
            case "minimal_english" -> new EnglishMinimalStemFilter(in);
            case "possessive_english" -> new EnglishPossessiveFilter(in);
            default -> new PorterStemFilter(in);
        };
    }
}
