package marketplace.esanalysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.core.FlattenGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/** "synonym": synonym_graph flattened, usable in index-time analyzers. Same caveats as synonym_graph. */
@NamedComponent("synonym")
public class SynonymFilterFactory implements TokenFilterFactory {
    private final SynonymMap map;

    @Inject
    public SynonymFilterFactory(SynonymGraphFilterFactory.Settings settings) {
        this.map = SynonymGraphFilterFactory.build(settings.synonyms(), settings.expand());
    }

    @Override
    public TokenStream create(TokenStream in) {
        return map.fst == null ? in : new FlattenGraphFilter(new SynonymGraphFilter(in, map, true));
    }
}
