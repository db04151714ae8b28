package marketplace.esanalysis;

import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.AnalyzerFactory;
import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.ListSetting;

/**
 * "english" analyzer: Lucene's EnglishAnalyzer, which is what Elasticsearch's
 * analysis-common module wraps. Supports "stopwords" (a list, or "_english_"
 * / "_none_") and "stem_exclusion".
 */
@NamedComponent("english")
public class EnglishAnalyzerFactory implements AnalyzerFactory {
    @AnalysisSettings
    public interface Settings {
        @ListSetting(path = "stopwords")
        List<String> stopwords();

        @ListSetting(path = "stem_exclusion")
        List<String> stemExclusion();
    }

    private final CharArraySet stopwords;
    private final CharArraySet stemExclusion;

    @Inject
    public EnglishAnalyzerFactory(Settings settings) {
        this.stopwords = Shim.stopwords(settings.stopwords(), EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
        this.stemExclusion = new CharArraySet(settings.stemExclusion(), false);
    }

    @Override
    public Analyzer create() {
        return new EnglishAnalyzer(stopwords, stemExclusion);
    }
}
