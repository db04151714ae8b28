package marketplace.esanalysis;

import java.io.StringReader;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;
import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.BooleanSetting;
import org.elasticsearch.plugin.settings.ListSetting;

/**
 * "synonym_graph" token filter with inline Solr-format "synonyms" and
 * "expand". Differences from analysis-common's: the rules are parsed with
 * standard tokenizer + lowercase (not with the chain before the filter), and
 * synonyms_path / synonyms_set / format=wordnet / updateable are not supported.
 */
@NamedComponent("synonym_graph")
public class SynonymGraphFilterFactory implements TokenFilterFactory {
    @AnalysisSettings
    public interface Settings {
        @ListSetting(path = "synonyms")
        List<String> synonyms();

        @BooleanSetting(path = "expand", defaultValue = true)
        boolean expand();

        @BooleanSetting(path = "lenient", defaultValue = false)
        boolean lenient();
    }

    private final SynonymMap map;

    @Inject
    public SynonymGraphFilterFactory(Settings settings) {
        this.map = build(settings.synonyms(), settings.expand());
    }

    static SynonymMap build(List<String> rules, boolean expand) {
        Analyzer parse = new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String field) {
                Tokenizer t = new StandardTokenizer();
                return new TokenStreamComponents(t, new LowerCaseFilter(t));
            }
        };
        try {
            SolrSynonymParser p = new SolrSynonymParser(true, expand, parse);
            p.parse(new StringReader(String.join("\n", rules)));
            return p.build();
        } catch (Exception e) {
            throw new IllegalArgumentException("failed to build synonyms: " + e.getMessage(), e);
        }
    }

    @Override
    public TokenStream create(TokenStream in) {
        return map.fst == null ? in : new SynonymGraphFilter(in, map, true);
    }
}
