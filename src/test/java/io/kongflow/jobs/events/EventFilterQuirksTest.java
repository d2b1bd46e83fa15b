package io.kongflow.jobs.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The odd corners of eventFilterMatches, each answer as the SDK gives it in node. */
class EventFilterQuirksTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void onlyTheFirstOperatorOfAnObjectInTheSdksOrderIsChecked() {
        assertAnswer("true", "{'n':10}", "{'n':[{'$gt':1,'$lt':5}]}");
        assertAnswer("true", "{'n':10}", "{'n':[{'$lt':5,'$gt':1}]}");
    }

    @Test
    void anObjectWithoutAKnownOperatorMatches() {
        assertAnswer("true", "{'a':1}", "{'a':[{'$foo':1}]}");
        assertAnswer("true", "{'a':1}", "{'a':[{}]}");
        assertAnswer("true", "{'a':1}", "{'a':[[]]}");
    }

    @Test
    void aBareLiteralConstrainsNothing() {
        assertAnswer("true", "{'name':'bar'}", "{'name':'foo'}");
    }

    @Test
    void aListMixingLiteralTypesMatchesAnything() {
        assertAnswer("true", "{'n':'zzz'}", "{'n':['a',1]}");
    }

    @Test
    void aListOfLiteralsNeverEqualsAnArrayInThePayload() {
        assertAnswer("false", "{'tags':['a']}", "{'tags':['a']}");
    }

    @Test
    void numbersEqualByValue() {
        assertAnswer("true", "{'a':1.0}", "{'a':[1]}");
    }

    @Test
    void anEmptyListMatchesEvenAMissingKey() {
        assertAnswer("true", "{}", "{'n':[]}");
    }

    @Test
    void aNestedFilterMatchesWhenAnyElementOfAnArrayDoes() {
        assertAnswer("true", "{'items':[{'sku':'y'},{'sku':'x'}]}", "{'items':{'sku':['x']}}");
    }

    @Test
    void aNestedFilterNeverMatchesAnEmptyArrayButMatchesAMissingKeyWhenEmpty() {
        assertAnswer("false", "{'items':[]}", "{'items':{}}");
        assertAnswer("true", "{}", "{'items':{}}");
    }

    @Test
    void aNullOrMissingPayloadMatchesOnlyAnEmptyFilter() {
        assertAnswer("true", "null", "{}");
        assertAnswer("false", "null", "{'a':['x']}");
        assertEquals("true", Corpus.ourAnswer(null, json("{}")));
    }

    @Test
    void existsCountsNullAsPresentAndReadsItsArgumentForTruthiness() {
        assertAnswer("true", "{'a':null}", "{'a':[{'$exists':true}]}");
        assertAnswer("true", "{}", "{'a':[{'$exists':false}]}");
        assertAnswer("true", "{'a':1}", "{'a':[{'$exists':'false'}]}");
        assertAnswer("true", "{}", "{'a':[{'$exists':0}]}");
    }

    @Test
    void isNullFalseMatchesAMissingKey() {
        assertAnswer("true", "{}", "{'a':[{'$isNull':false}]}");
        assertAnswer("true", "{'a':null}", "{'a':[{'$isNull':1}]}");
    }

    @Test
    void includesLooksInArraysOnlyNeverInStrings() {
        assertAnswer("false", "{'a':'abc'}", "{'a':[{'$includes':'b'}]}");
        assertAnswer("true", "{'a':['a','b']}", "{'a':[{'$includes':'b'}]}");
    }

    @Test
    void notFailsOnNullMissingAndObjectsAndComparesStrictly() {
        assertAnswer("false", "{}", "{'a':[{'$not':'x'}]}");
        assertAnswer("false", "{'a':null}", "{'a':[{'$not':'x'}]}");
        assertAnswer("true", "{'a':['y']}", "{'a':[{'$not':'x'}]}");
        assertAnswer("false", "{'a':['x']}", "{'a':[{'$not':'x'}]}");
        assertAnswer("true", "{'a':1}", "{'a':[{'$not':'1'}]}");
    }

    @Test
    void anythingButExcludesTheValueOrEachMemberOfAList() {
        assertAnswer("false", "{'a':'a'}", "{'a':[{'$anythingBut':['a','b']}]}");
        assertAnswer("true", "{'a':'c'}", "{'a':[{'$anythingBut':['a','b']}]}");
        assertAnswer("true", "{}", "{'a':[{'$anythingBut':['a','b']}]}");
        assertAnswer("false", "{'a':null}", "{'a':[{'$anythingBut':null}]}");
    }

    @Test
    void comparisonsNeedANumberInThePayloadAndCoerceTheirArgumentAsJavaScriptDoes() {
        assertAnswer("false", "{'a':'5'}", "{'a':[{'$gt':1}]}");
        assertAnswer("true", "{'a':6}", "{'a':[{'$gt':' 5 '}]}");
        assertAnswer("false", "{'a':6}", "{'a':[{'$gt':'abc'}]}");
        assertAnswer("true", "{'a':1}", "{'a':[{'$gt':null}]}");
        assertAnswer("true", "{'a':17}", "{'a':[{'$gt':'0x10'}]}");
        assertAnswer("true", "{'a':2}", "{'a':[{'$gt':[1]}]}");
    }

    @Test
    void betweenIncludesBothBoundsReadByIndex() {
        assertAnswer("true", "{'a':5}", "{'a':[{'$between':[1,5]}]}");
        assertAnswer("false", "{'a':3}", "{'a':[{'$between':[5,1]}]}");
        assertAnswer("false", "{'a':1}", "{'a':[{'$between':[1]}]}");
        assertAnswer("true", "{'a':5}", "{'a':[{'$between':'19'}]}");
    }

    @Test
    void stringOperatorsTurnTheirArgumentIntoAStringAsJavaScriptDoes() {
        assertAnswer("true", "{'a':'a5'}", "{'a':[{'$endsWith':5}]}");
        assertAnswer("true", "{'a':'x0.1'}", "{'a':[{'$endsWith':0.1}]}");
        assertAnswer("true", "{'a':'x1e+21'}", "{'a':[{'$endsWith':1e21}]}");
        assertAnswer("true", "{'a':'1,2x'}", "{'a':[{'$startsWith':[1,2]}]}");
        assertAnswer("true", "{'a':'nullable'}", "{'a':[{'$startsWith':null}]}");
        assertAnswer("true", "{'a':'[object Object]'}", "{'a':[{'$ignoreCaseEquals':{}}]}");
    }

    @Test
    void ignoreCaseEqualsIgnoresCaseAndWidthButNotAccents() {
        assertAnswer("true", "{'a':'ＡBC'}", "{'a':[{'$ignoreCaseEquals':'abc'}]}");
        assertAnswer("true", "{'a':'e\\u0301'}", "{'a':[{'$ignoreCaseEquals':'É'}]}");
        assertAnswer("false", "{'a':'é'}", "{'a':[{'$ignoreCaseEquals':'e'}]}");
        assertAnswer("false", "{'a':'straße'}", "{'a':[{'$ignoreCaseEquals':'STRASSE'}]}");
    }

    @Test
    void stringsAndNestedArraysHaveIndicesAndALength() {
        assertAnswer("true", "{'name':'abc'}", "{'name':{'length':[3]}}");
        assertAnswer("true", "{'name':'abc'}", "{'name':{'0':['a']}}");
        assertAnswer("false", "{'name':'abc'}", "{'name':{'01':['b']}}");
        assertAnswer("true", "{'m':[['a','b']]}", "{'m':{'length':[2]}}");
        assertAnswer("false", "{'m':['a','b']}", "{'m':{'length':[2]}}");
    }

    @Test
    void aNullWhereAFilterObjectBelongsThrowsUnlessAnEmptyArrayIsMatched() {
        assertAnswer("throws", "{'a':5}", "{'a':null}");
        assertAnswer("throws", "{'a':5}", "{'a':[null]}");
        assertAnswer("throws", "{'a':5}", "{'a':[{'$between':null}]}");
        assertAnswer("false", "{'a':[]}", "{'a':null}");
    }

    @Test
    void keysNamingIndicesAreCheckedFirst() {
        assertAnswer("throws", "{'b':'y'}", "{'b':['x'],'1':null}");
        assertAnswer("false", "{'b':'y'}", "{'b':['x'],'c':null}");
    }

    @Test
    void aFilterThatIsNotAnObjectIsReadAsObjectEntriesReadsIt() {
        assertAnswer("false", "null", "'ab'");
        assertAnswer("true", "{'a':1}", "'ab'");
        assertAnswer("true", "{'a':1}", "5");
        assertAnswer("false", "{'0':'y'}", "[['x']]");
    }

    private static void assertAnswer(String sdkAnswer, String payload, String filter) {
        assertEquals(sdkAnswer, Corpus.ourAnswer(json(payload), json(filter)), payload + " against " + filter);
    }

    private static JsonNode json(String singleQuoted) {
        try {
            return JSON.readTree(singleQuoted.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(singleQuoted, e);
        }
    }
}
